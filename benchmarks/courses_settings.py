"""Settings for benchmarks/courses_lesson.py only: the test settings (DEBUG
off, local-memory cache) plus a URL configuration with a minimal Django view,
so that view never exists in the project's own URLs."""

import os

from szkola.settings.test import *  # noqa: F403

ROOT_URLCONF = "benchmarks.courses_urls"
# Media go to a folder the benchmark makes (gunicorn workers are separate
# processes: an in-memory storage would not be shared).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
# The test settings re-scan static files on every request; production does not.
WHITENOISE_AUTOREFRESH = False
# The page cache only where a benchmark asks for it (public_pages.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# Sessions as production reads them: from the cache, written through to the
# database (production's cache is Redis; here each gunicorn worker's local
# memory stands in, which is safe as nobody signs out during a run).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
