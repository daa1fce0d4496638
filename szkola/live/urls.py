from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("nowe.json", views.notification_feed, name="feed"),
    path("przeczytane/", views.notification_mark_read, name="mark_read"),
]
