"""Tests: fast hashing, immediate tasks, in-memory email; the database and
channel layer follow DATABASE_URL and REDIS_URL like everywhere else."""

import os

from .base import *  # noqa: F403
from .base import CHANNEL_LAYERS, REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Through the outbox, delivered to django.core.mail.outbox.
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
# Rate limits are tested on purpose (with the settings fixture), not by accident.
ACCOUNT_RATE_LIMITS = False
# The page cache is tested on purpose (szkola/home/tests/test_page_cache.py),
# not by accident: every other test sees each page rendered.
PAGE_CACHE_SECONDS = 0
# A fixed test key for the encrypted participant data. The participant-data
# step before a first registration is tested on purpose (monitoring's tests
# switch it on), not by accident in every registration test of other apps.
MONITORING_ENCRYPTION_KEY = "dGVzdC1vbmx5LW1vbml0b3Jpbmcta2V5LTAxMjM0NTY="
MONITORING_PARTICIPANT_DATA_REQUIRED = False

if REDIS_URL:
    # Parallel test workers share one Redis: keep their groups apart.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    # TEST_NAMESPACE keeps two checkouts testing on one Redis apart.
    namespace = os.environ.get("TEST_NAMESPACE", "")
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"szkola-test-{namespace}{worker}"
    # ...and their caches: each worker gets its own Redis database, so a
    # test that clears the cache (FLUSHDB) never wipes another worker's
    # rate-limit counters.
    from urllib.parse import urlsplit, urlunsplit

    from .base import CACHES

    # Counted from the database REDIS_URL names, so two test runs given
    # different databases (two checkouts, or a run beside another) do not
    # empty each other's cache in the middle of a test.
    worker_number = int(worker[2:]) if worker.startswith("gw") else 0
    parts = urlsplit(REDIS_URL)
    base = int(parts.path.strip("/") or 0)
    CACHES["default"]["LOCATION"] = urlunsplit(
        parts._replace(path=f"/{(base + 1 + worker_number) % 16}")
    )

from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, emptying tables after a transactional test by DELETE
    # rather than TRUNCATE (szkola/home/tests/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "szkola.home.tests.postgresql"
    # Test databases are thrown away after the run: a commit need not wait
    # for the disk (the data is still written, only later).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        filter(None, [options.get("options", ""), "-c synchronous_commit=off"])
    )
