"""``db_worker`` (django_tasks_db) that loads what documents are drawn from
before it takes its first task.

A worker that takes a bulk-issue chunk first would load the fonts, the
funding marks and the URL configuration (about 1.5 s) inside that chunk,
which then finishes that much later than the chunks of warm workers. Loaded
here, once per worker, before the worker starts polling the queue.
"""

import logging

from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from szkola.home.pdf import documents_warm_up

logger = logging.getLogger(__name__)


class Command(WorkerCommand):
    def handle(self, *args, **options):
        try:
            documents_warm_up()
            reverse("healthz")  # the whole URL configuration, imported once
        except Exception:  # noqa: BLE001 - the first task will load it then
            logger.exception("Worker warm-up failed")
        return super().handle(*args, **options)
