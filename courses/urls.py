import re

from django.conf import settings
from django.urls import path, re_path

from . import images, views

app_name = "courses"

urlpatterns = [
    path("moje/kursy/", views.mine, name="mine"),
    path(
        "moje/kursy/<int:course_id>/ukonczenie/",
        views.completion,
        name="completion",
    ),
    path("kursy-akcje/<int:course_id>/zapisz/", views.enrol, name="enrol"),
    path("kursy-akcje/<int:course_id>/wypisz/", views.cancel, name="cancel"),
    path(
        "kursy-akcje/lekcja/<int:lesson_id>/ukoncz/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "kursy-akcje/test/<int:quiz_id>/rozpocznij/",
        views.quiz_start,
        name="quiz_start",
    ),
    path(
        "kursy-akcje/podejscie/<int:attempt_id>/wyslij/",
        views.quiz_submit,
        name="quiz_submit",
    ),
    path(
        "kursy-akcje/podejscie/<int:attempt_id>/",
        views.attempt_result,
        name="attempt",
    ),
]

# Images: signed, permission-checked renditions, and the stored files of
# images at their media address (see courses/images.py). Listed before the
# DEBUG media route, so that route never serves an image file.
urlpatterns += [
    re_path(r"^obrazy/([^/]*)/(\d*)/([^/]*)/[^/]*$", images.serve, name="image"),
]
if settings.MEDIA_URL.startswith("/"):
    _media = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(
        re_path(
            rf"^{_media}(?P<path>(?:original_images|images)/.+)$",
            images.media_image,
            name="media_image",
        )
    )
