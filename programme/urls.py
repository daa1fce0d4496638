from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("moje/zespol/", views.team, name="team"),
    path(
        "moje/zespol/zapisy/<int:places_id>/", views.team_register, name="team_register"
    ),
    path("moje/zespol/sciezka/", views.team_path_join, name="team_path_join"),
    path("moje/sciezki/", views.paths, name="paths"),
    path("moje/sciezki/<int:pk>/rozpocznij/", views.path_start, name="path_start"),
    path("moje/wsparcie/", views.support, name="support"),
    path(
        "moje/wsparcie/<int:pk>/rezerwuj/", views.support_book_view, name="support_book"
    ),
    path(
        "moje/wsparcie/rezerwacje/<int:pk>/anuluj/",
        views.support_cancel_view,
        name="support_cancel",
    ),
    path(
        "moje/wsparcie/rezerwacje/<int:pk>/obecnosc/",
        views.support_attendance_view,
        name="support_attendance",
    ),
    path(
        "moje/wsparcie/rezerwacje/<int:pk>/notatka/",
        views.support_note_view,
        name="support_note",
    ),
]
