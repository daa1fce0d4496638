"""Settings for benchmarks/events_registration_burst.py: production's (Redis
cache and ``cached_db`` sessions on REDIS_URL, emails queued in the database
for ``db_worker``, the participant-data step before a first registration),
with the environment the script gives (keys, TASKS_BACKEND=database).

Two differences, neither on the registration's path: static files are named
without a manifest (the benchmark runs no ``collectstatic``), and a
middleware of the benchmark's own times the event lock of each request
(``benchmarks/events_lock_timer.py``)."""

from szkola.settings.production import *  # noqa: F403
from szkola.settings.production import MIDDLEWARE, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MIDDLEWARE = ["benchmarks.events_lock_timer.EventLockTimerMiddleware", *MIDDLEWARE]
