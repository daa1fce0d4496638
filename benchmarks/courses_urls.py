"""The project's URLs plus /bench/minimal/, a minimal Django view."""

from django.http import HttpResponse
from django.urls import path

from szkola.urls import urlpatterns as project_urlpatterns


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
