from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path(
        "ewaluacja/<str:source_kind>/<int:source_id>/test/<str:phase>/",
        views.knowledge_test_view,
        name="test",
    ),
    path(
        "ewaluacja/<str:source_kind>/<int:source_id>/test/<str:phase>/kod-qr.svg",
        views.knowledge_test_qr_view,
        name="test_qr",
    ),
    path("ewaluacja/ankieta/<int:survey_id>/", views.survey_view, name="survey"),
    path("ewaluacja/ocena/", views.assessor_home, name="assessor_home"),
    path(
        "ewaluacja/ocena/<str:source_kind>/<int:source_id>/",
        views.assessment_view,
        name="assessment",
    ),
]
