from django.urls import path

from . import coordinator_views, needs_views, views
from .qa.urls import urlpatterns as qa_urlpatterns

app_name = "events"

urlpatterns = [
    path("wydarzenia/<int:event_id>/zapisz/", views.event_register, name="register"),
    path("moje/zapisy/", views.my_registrations_view, name="my_registrations"),
    path(
        "moje/zapisy/<int:pk>/anuluj/",
        views.registration_cancel_view,
        name="registration_cancel",
    ),
    path(
        "moje/zapisy/<int:pk>/zmien/",
        needs_views.registration_needs_view,
        name="registration_needs",
    ),
    path(
        "moje/zapisy/<int:pk>/przyjmij/",
        views.registration_offer_accept_view,
        name="registration_offer_accept",
    ),
    path(
        "moje/zapisy/<int:pk>/wydarzenie.ics",
        views.registration_ics_view,
        name="registration_ics",
    ),
    path("moje/zapisy/<int:pk>/kod-qr.svg", views.registration_qr_view, name="qr"),
    path("moje/zapisy/kalendarz/", views.feed_create_view, name="feed_create"),
    path("kalendarz/<str:token>.ics", views.feed_view, name="feed"),
    path("koordynator/", coordinator_views.coordinator_home, name="coordinator_home"),
    path(
        "koordynator/obecnosc/<int:day_id>/",
        coordinator_views.checkin_day,
        name="checkin_day",
    ),
    path(
        "koordynator/obecnosc/<int:day_id>/kod/",
        coordinator_views.checkin_code,
        name="checkin_code",
    ),
    path(
        "koordynator/obecnosc/<int:day_id>/lista-obecnosci.pdf",
        coordinator_views.attendance_list_pdf,
        name="attendance_pdf",
    ),
    path(
        "koordynator/wydarzenie/<int:event_id>/lista-obecnosci.pdf",
        coordinator_views.attendance_sheet_pdf,
        name="attendance_sheet_pdf",
    ),
    path(
        "koordynator/obecnosc/<int:day_id>/tablica/",
        coordinator_views.board_view,
        name="checkin_board",
    ),
    *qa_urlpatterns,
]
