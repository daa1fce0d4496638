from django.urls import path, re_path

from . import views

app_name = "certificates"

urlpatterns = [
    path("moje/certyfikaty/", views.mine, name="mine"),
    path("moje/certyfikaty/<int:pk>/pdf/", views.download, name="download"),
    path("moje/certyfikaty/<int:pk>/open-badge/", views.open_badge, name="open_badge"),
    path("certyfikaty/weryfikacja/", views.verify_form, name="verify"),
    path("certyfikaty/weryfikacja/<str:code>/", views.verify_code, name="verify_code"),
    path("certyfikaty/wydawca/", views.issuer, name="issuer"),
    path("certyfikaty/wydawca/klucze.json", views.jwks, name="jwks"),
    path("certyfikaty/wydawca/klucze/<str:thumbprint>.json", views.jwk, name="jwk"),
    path("certyfikaty/status/uniewaznienia/", views.status_list, name="status_list"),
    re_path(
        r"^certyfikaty/osiagniecia/(?P<kind>course|event)-(?P<source_id>[0-9]{1,18})/$",
        views.achievement,
        name="achievement",
    ),
]
