from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dane/", views.profile_edit, name="profile"),
    path("dane/eksport/", views.data_export, name="export"),
    path("dane/usun/", views.delete, name="delete"),
]
