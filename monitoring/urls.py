from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("moje/dane-uczestnika/", views.participant_form, name="participant"),
]
