"""URLs of live Q&A (included from events/urls.py)."""

from django.urls import path

from . import views as qa_views

urlpatterns = [
    path("wydarzenia/<int:event_id>/na-zywo/", qa_views.event_qa, name="qa"),
    path(
        "wydarzenia/<int:event_id>/na-zywo/otworz/",
        qa_views.event_qa_open,
        name="qa_open",
    ),
    path("na-zywo/<int:room_id>/", qa_views.room_view, name="qa_room"),
    path(
        "na-zywo/<int:room_id>/moderacja/",
        qa_views.room_moderate_view,
        name="qa_moderate",
    ),
    path(
        "na-zywo/<int:room_id>/rzutnik/",
        qa_views.room_projector_view,
        name="qa_projector",
    ),
    path("na-zywo/<int:room_id>/eksport.xlsx", qa_views.room_export, name="qa_export"),
]
