"""The background-task queue as an operator sees it (django-tasks-db), and
the recovery of tasks a dead worker left running.

Every task of the project is safe to run twice (issuing finds the existing
certificate, the outbox skips a sent email), so a task that has been
RUNNING for longer than any task takes is put back to READY for another
worker rather than left hanging for ever."""

import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

# No task of the project runs for anywhere near this long; a bulk issue is
# split into one task per certificate.
STALE_AFTER = datetime.timedelta(minutes=15)


def _results():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def queue_figures(*, now: datetime.datetime | None = None) -> dict:
    from django_tasks.base import TaskResultStatus

    now = now or timezone.now()
    results = _results()
    ready = results.ready()
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "waiting": ready.count(),
        "deferred": results.filter(status=TaskResultStatus.READY).count()
        - ready.count(),
        "running": results.running().count(),
        "failed": results.failed().count(),
        "successful": results.successful().count(),
        "oldest_waiting_seconds": (
            round((now - oldest).total_seconds()) if oldest else None
        ),
        "stale_running": results.running()
        .filter(started_at__lt=now - STALE_AFTER)
        .count(),
    }


def stale_reclaim(
    *,
    older_than: datetime.timedelta = STALE_AFTER,
    now: datetime.datetime | None = None,
) -> int:
    """Put tasks RUNNING since before ``now - older_than`` back to READY, for
    any worker to take. Returns how many."""
    from django_tasks.base import TaskResultStatus

    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            _results()
            .select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=now - older_than)
            .values_list("pk", flat=True)
        )
        _results().filter(pk__in=stale).update(
            status=TaskResultStatus.READY, started_at=None
        )
    return len(stale)
