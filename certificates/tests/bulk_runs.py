"""Bulk runs for the chunk tests: a run planned over an event's
completions, and the register numbers issued."""

from certificates.models import BulkIssue, Certificate
from certificates.services import bulk_chunks_plan

from .factories import completion_create, coordinator_create

SOURCE = {"kind": "event", "organiser": "18"}


def planned_run(source_id: int, count: int = 0, completions=()) -> BulkIssue:
    """A run over ``completions`` and ``count`` new completions of the event
    ``source_id``, its chunks planned."""
    completions = list(completions) + [
        completion_create(id=source_id, **SOURCE) for _ in range(count)
    ]
    run = BulkIssue.objects.create(
        source_kind="event",
        source_id=source_id,
        source_title=completions[0].source_title,
        requested_by=coordinator_create(scope="18"),
    )
    bulk_chunks_plan(bulk=run)
    return run


def sequences(**filters) -> list[int]:
    return sorted(
        Certificate.objects.filter(**filters).values_list("sequence", flat=True)
    )
