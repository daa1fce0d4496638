"""Bulk issue run in chunks: each chunk is a task any worker may take, so
several workers issue one course's or event's certificates side by side.

Numbers stay gap-free because each certificate takes its number under the
year's counter lock in its own transaction (``issue``); a chunk run again
(a reclaimed task, a second start) issues nothing twice, because an issued
completion is skipped and a concurrent duplicate hits the unique constraint.
Starting a run (which enqueues the chunks) lives in ``bulk_start``: the
tasks import this module, never that one."""

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import CertificateError
from ..models import BulkIssue, BulkIssueChunk, Certificate, Completion
from .issue import certificate_issue

DEFAULT_CHUNK = 50
PROGRESS_EVERY = 10


def bulk_group(bulk_id: int) -> str:
    return f"bulk-issue.{bulk_id}"


def chunk_size() -> int:
    return max(1, int(getattr(settings, "CERTIFICATES_BULK_CHUNK", DEFAULT_CHUNK)))


def bulk_chunks_plan(*, bulk: BulkIssue) -> list[BulkIssueChunk]:
    """The run's chunks, created once from its source's completions (in
    ``pk`` order); a run planned before keeps its chunks."""
    chunks = list(bulk.chunks.order_by("index"))
    if chunks:
        return chunks
    ids = list(
        Completion.objects.filter(
            source_kind=bulk.source_kind, source_id=bulk.source_id
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = chunk_size()
    chunks = BulkIssueChunk.objects.bulk_create(
        BulkIssueChunk(bulk=bulk, index=index, completion_ids=ids[start : start + size])
        for index, start in enumerate(range(0, len(ids), size))
    )
    BulkIssue.objects.filter(pk=bulk.pk).update(total=len(ids))
    bulk.total = len(ids)
    return chunks


def bulk_progress(*, bulk_id: int) -> BulkIssue:
    """Sum the chunks into the run and push it to the progress page. The
    run's row is locked while summing, so two chunks reporting at once
    cannot write stale sums over each other."""
    from szkola.live.push import push_now

    Status = BulkIssue.Status
    with transaction.atomic():
        bulk = BulkIssue.objects.select_for_update().get(pk=bulk_id)
        chunks = list(bulk.chunks.order_by("index"))
        sums = bulk.chunks.aggregate(
            done=Sum("done"), issued=Sum("issued"), failed=Sum("failed")
        )
        statuses = {chunk.status for chunk in chunks}
        bulk.total = sum(len(chunk.completion_ids) for chunk in chunks)
        bulk.done = sums["done"] or 0
        bulk.issued = sums["issued"] or 0
        bulk.failed = sums["failed"] or 0
        bulk.skipped = [entry for chunk in chunks for entry in chunk.skipped]
        if Status.FAILED in statuses:
            bulk.status = Status.FAILED
        elif statuses <= {Status.DONE}:
            bulk.status = Status.DONE
        elif statuses == {Status.PENDING}:
            bulk.status = Status.PENDING
        else:
            bulk.status = Status.RUNNING
        if bulk.status in (Status.DONE, Status.FAILED):
            bulk.finished_at = bulk.finished_at or timezone.now()
        else:
            bulk.finished_at = None
        bulk.save(
            update_fields=[
                "total",
                "done",
                "issued",
                "failed",
                "skipped",
                "status",
                "finished_at",
            ]
        )
    push_now(bulk_group(bulk.pk), {"event": "progress", "bulk": bulk.as_payload()})
    return bulk


def _chunk_save(chunk: BulkIssueChunk, **fields) -> None:
    for key, value in fields.items():
        setattr(chunk, key, value)
    chunk.save(update_fields=list(fields))
    bulk_progress(bulk_id=chunk.bulk_id)


def bulk_chunk_run(*, chunk_id: int) -> BulkIssueChunk:
    """Issue one chunk: one transaction per certificate, so a crash keeps
    what was issued and running the chunk again finishes the rest. A
    completion certified since the run started counts as issued by it
    (a re-run after a crash reports the whole chunk); one certified
    before is listed as skipped."""
    from ..pdf import funding_bar

    chunk = BulkIssueChunk.objects.select_related("bulk__requested_by").get(pk=chunk_id)
    bulk = chunk.bulk
    completions = list(
        Completion.objects.filter(pk__in=chunk.completion_ids)
        .select_related("user")
        .order_by("pk")
    )
    current = dict(
        Certificate.objects.filter(
            source_kind=bulk.source_kind,
            source_id=bulk.source_id,
            superseded_at__isnull=True,
            completion_id__in=chunk.completion_ids,
        ).values_list("completion_id", "issued_at")
    )
    _chunk_save(
        chunk, status=BulkIssue.Status.RUNNING, done=0, issued=0, failed=0, skipped=[]
    )
    bar = funding_bar()  # drawn from the same marks for the whole chunk
    templates: dict = {}  # one template lookup per chunk, not per certificate
    issued = 0
    skipped: list[dict] = []
    try:
        for index, completion in enumerate(completions, start=1):
            name = completion.user.get_full_name() or completion.user.email
            issued_at = current.get(completion.pk)
            if issued_at is not None and issued_at >= bulk.created_at:
                issued += 1
            elif issued_at is not None:
                skipped.append({"name": name, "reason": _("ma już zaświadczenie")})
            else:
                try:
                    certificate_issue(
                        completion=completion,
                        issued_by=bulk.requested_by,
                        bar=bar,
                        templates=templates,
                    )
                    issued += 1
                except CertificateError as error:
                    skipped.append({"name": name, "reason": str(error.message)})
            if index % PROGRESS_EVERY == 0 and index < len(completions):
                _chunk_save(
                    chunk,
                    done=index,
                    issued=issued,
                    failed=len(skipped),
                    skipped=skipped,
                )
    except Exception:
        # What was issued stays (one transaction each); the page stops
        # waiting, and running the chunk (or the run) again finishes it.
        _chunk_save(chunk, status=BulkIssue.Status.FAILED)
        raise
    _chunk_save(
        chunk,
        status=BulkIssue.Status.DONE,
        done=len(completions),
        issued=issued,
        failed=len(skipped),
        skipped=skipped,
    )
    return chunk


def bulk_issue_run(*, bulk_id: int) -> BulkIssue:
    """Run every chunk of a bulk issue here, one after the other (a run
    enqueued before chunks existed, tests, a manual re-run); planned
    first if it has no chunks yet."""
    bulk = BulkIssue.objects.get(pk=bulk_id)
    for chunk in bulk_chunks_plan(bulk=bulk):
        bulk_chunk_run(chunk_id=chunk.pk)
    return bulk_progress(bulk_id=bulk_id)
