"""Starting a bulk issue: the run, its chunks, one task per chunk. Kept
apart from ``bulk`` so that the tasks, which import ``bulk``, are never
imported back by what they run."""

from django.db import transaction
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from ..errors import CertificateError
from ..models import BulkIssue, Completion
from .bulk import bulk_chunks_plan
from .eligibility import actor_check


@transaction.atomic
def bulk_issue_start(*, source_kind: str, source_id: int, actor: User) -> BulkIssue:
    """Start issuing for every participant of a source with a recorded
    completion and no current certificate: the completions are split into
    chunks, each enqueued as a task after commit, for any number of workers
    to take. Raises CertificateError (invalid_source, not_allowed)."""
    from ..tasks import bulk_issue_chunk_task

    completions = Completion.objects.filter(
        source_kind=source_kind, source_id=source_id
    )
    first = completions.first()
    if first is None:
        raise CertificateError("invalid_source", _("Brak ukończeń dla tego źródła."))
    actor_check(actor, first.organiser)
    bulk = BulkIssue.objects.create(
        source_kind=source_kind,
        source_id=source_id,
        source_title=first.source_title,
        requested_by=actor,
    )
    chunk_ids = [chunk.pk for chunk in bulk_chunks_plan(bulk=bulk)]
    audit_log(
        actor=actor,
        action="certificates.bulk.started",
        obj=bulk,
        data={"kind": source_kind, "id": source_id, "chunks": len(chunk_ids)},
    )

    def enqueue() -> None:
        for chunk_id in chunk_ids:
            bulk_issue_chunk_task.enqueue(chunk_id)

    transaction.on_commit(enqueue)
    return bulk
