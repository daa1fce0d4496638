"""Settings for benchmarks/certificates_bulk.py with --workers: the test
settings, but tasks go to the database queue for ``manage.py db_worker``
processes (which read the private folder from the environment)."""

import os

from szkola.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("CERTIFICATES_PRIVATE_ROOT"):
    CERTIFICATES_PRIVATE_ROOT = os.environ["CERTIFICATES_PRIVATE_ROOT"]

# Issuing signs nothing with the Open Badges key (credentials are signed when
# downloaded): the workers start without one.
SILENCED_SYSTEM_CHECKS = ["certificates.E002"]
