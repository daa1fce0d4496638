"""Bulk issue run in chunks: each chunk is a task any worker may take, so
several workers issue one course's or event's certificates side by side.

A chunk checks who may receive a certificate, then reserves exactly that
many register numbers in one short transaction under the year's counter
lock (``numbering.numbers_reserve``), and issues each certificate under its
reserved number without the lock: the drawing of parallel chunks no longer
waits on each other. One transaction per certificate, so a crash keeps what
was issued; a chunk run again (a reclaimed task, a second start) reuses its
reservation, issues only the missing ones and nothing twice (an issued
completion is skipped, a concurrent duplicate hits the unique constraint).
Numbers it cannot use are given back, so the register stays gap-free.
Starting a run (which enqueues the chunks) lives in ``bulk_start``: the
tasks import this module, never that one."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import CertificateError
from ..models import BulkIssue, BulkIssueChunk, Certificate, Completion, ReservedNumber
from .eligibility import eligibility_many, recipient_name_of
from .issue import ReservationStale, certificate_issue_reserved
from .numbering import (
    numbers_give_back,
    numbers_reserve,
    status_index_draw,
    status_indexes_draw,
)

logger = logging.getLogger(__name__)

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
    from szkola.live.push import push_now, pushes_flush

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
    # In a chunk's run the holders' notifications wait in a batch
    # (bulk_chunk_run): they go with each progress report.
    pushes_flush()
    return bulk


def _chunk_save(chunk: BulkIssueChunk, **fields) -> None:
    for key, value in fields.items():
        setattr(chunk, key, value)
    chunk.save(update_fields=list(fields))
    bulk_progress(bulk_id=chunk.bulk_id)


class _ChunkRun:
    """One run of a chunk: who gets a certificate, the numbers reserved for
    them, and the counts the progress page shows."""

    def __init__(self, chunk: BulkIssueChunk):
        from ..pdf import funding_bar

        self.chunk, self.bulk = chunk, chunk.bulk
        self.bar = funding_bar()  # drawn from the same marks for the whole chunk
        self.templates: dict = {}  # one template lookup per chunk
        self.issued = 0
        self.skipped: list[dict] = []
        self.pending: dict[int, str] = {}  # completion id -> name to print
        self.reserved: dict[int, ReservedNumber] = {}
        self.indexes: list[int] = []

    # --- Who, and their numbers -------------------------------------------

    def classify(self, completions: list[Completion]) -> None:
        """Sort completions into issued already (by this run: counted as
        issued; before it: skipped), refused (skipped with the reason) and
        pending (to issue now)."""
        ids = [c.pk for c in completions]
        current = dict(
            Certificate.objects.filter(
                source_kind=self.bulk.source_kind,
                source_id=self.bulk.source_id,
                superseded_at__isnull=True,
                completion_id__in=ids,
            ).values_list("completion_id", "issued_at")
        )
        candidates = []
        for completion in completions:
            issued_at = current.get(completion.pk)
            if issued_at is not None and issued_at >= self.bulk.created_at:
                self.issued += 1
            elif issued_at is not None:
                self._skip(completion, _("ma już zaświadczenie"))
            else:
                candidates.append(completion)
        refused = eligibility_many(
            completions=candidates, issued_by=self.bulk.requested_by
        )
        for completion in candidates:
            if completion.pk in refused:
                self._skip(completion, str(refused[completion.pk].message))
            else:
                self.pending[completion.pk] = recipient_name_of(completion.user)

    def _skip(self, completion: Completion, reason: str) -> None:
        name = completion.user.get_full_name() or completion.user.email
        self.skipped.append({"name": name, "reason": reason})

    def reserve(self) -> None:
        """Hold exactly one number of this year for each pending completion:
        the chunk's earlier reservation where it has one (a re-run issues
        under the same numbers), new ones for the rest; what it holds and
        no longer needs (or of a past year) is given back."""
        year = timezone.localdate().year
        held = list(ReservedNumber.objects.filter(chunk=self.chunk))
        self.reserved = {
            row.completion_id: row
            for row in held
            if row.year == year and row.completion_id in self.pending
        }
        unused = [row for row in held if self.reserved.get(row.completion_id) != row]
        self._give_back(unused)
        missing = [pk for pk in self.pending if pk not in self.reserved]
        self.reserved.update(
            numbers_reserve(chunk_id=self.chunk.pk, year=year, completion_ids=missing)
        )
        count = len(self.pending) - len(self.indexes)
        if count > 0:
            self.indexes += status_indexes_draw(count)

    def _give_back(self, rows: list[ReservedNumber]) -> None:
        by_year: dict[int, list[int]] = {}
        for row in rows:
            by_year.setdefault(row.year, []).append(row.sequence)
        for year, sequences in by_year.items():
            numbers_give_back(chunk_id=self.chunk.pk, year=year, sequences=sequences)

    def release(self, completion_id: int) -> None:
        """Give back the number of a completion that will not be issued now."""
        self.pending.pop(completion_id, None)
        row = self.reserved.pop(completion_id, None)
        if row is not None:
            self._give_back([row])

    def release_all(self) -> None:
        """Give back every number the chunk still holds (it failed)."""
        self.pending.clear()
        self.reserved.clear()
        self._give_back(list(ReservedNumber.objects.filter(chunk=self.chunk)))

    def recheck(self, completions: list[Completion]) -> list[Completion]:
        """Check the pending completions of the next batch again (certified
        meanwhile, account deleted, no longer eligible), giving their
        numbers back: the chunk's first check is seconds old by now. Returns
        the batch as read now."""
        ids = [c.pk for c in completions if c.pk in self.pending]
        if not ids:
            return completions
        fresh = {
            c.pk: c
            for c in Completion.objects.filter(pk__in=ids).select_related("user")
        }
        for completion in completions:
            if completion.pk in self.pending and completion.pk not in fresh:
                self.release(completion.pk)
                self._skip(completion, _("ukończenie usunięte w trakcie wydawania"))
        batch = [fresh[pk] for pk in ids if pk in fresh]
        for completion in batch:
            self.pending.pop(completion.pk)
        self.classify(batch)
        for completion in batch:
            if completion.pk not in self.pending:
                self.release(completion.pk)
        return [fresh.get(c.pk, c) for c in completions]

    # --- Issue ------------------------------------------------------------

    def issue(self, completion: Completion, *, retry: bool = True) -> None:
        if completion.pk not in self.pending:
            return
        try:
            index = self.indexes.pop() if self.indexes else status_index_draw()
            certificate = certificate_issue_reserved(
                completion=completion,
                reserved=self.reserved[completion.pk],
                recipient=self.pending[completion.pk],
                issued_by=self.bulk.requested_by,
                status_index=index,
                bar=self.bar,
                templates=self.templates,
            )
        except ReservationStale:
            # The year ended while the chunk ran: its numbers of that year go
            # back and the rest is issued under numbers of the new one.
            if not retry:
                raise
            self.reserve()
            self.issue(completion, retry=False)
            return
        except CertificateError as error:
            self.release(completion.pk)
            self._skip(completion, str(error.message))
            return
        if certificate is None:
            # Issued meanwhile by someone else (after this run started):
            # theirs stands, counted as issued by the run.
            self.release(completion.pk)
        else:
            self.pending.pop(completion.pk)
            self.reserved.pop(completion.pk)
        self.issued += 1


def bulk_chunk_run(*, chunk_id: int) -> BulkIssueChunk:
    """``_bulk_chunk_run`` with the live pushes batched: each holder's
    notification reaches their open pages with the next progress report
    (every ten certificates) instead of costing an event loop and a Redis
    connection of its own (about 2 ms of the worker's CPU a certificate)."""
    from szkola.live.push import pushes_batched

    with pushes_batched():
        return _bulk_chunk_run(chunk_id=chunk_id)


def _bulk_chunk_run(*, chunk_id: int) -> BulkIssueChunk:
    """Issue one chunk: numbers reserved for it at once, then one
    transaction per certificate, so a crash keeps what was issued and
    running the chunk again finishes the rest under the same numbers. A
    completion certified since the run started counts as issued by it (a
    re-run after a crash reports the whole chunk); one certified before is
    listed as skipped. If the chunk fails, the numbers it did not use are
    given back."""
    chunk = BulkIssueChunk.objects.select_related("bulk__requested_by").get(pk=chunk_id)
    completions = list(
        Completion.objects.filter(pk__in=chunk.completion_ids)
        .select_related("user")
        .order_by("pk")
    )
    _chunk_save(
        chunk, status=BulkIssue.Status.RUNNING, done=0, issued=0, failed=0, skipped=[]
    )
    run = _ChunkRun(chunk)
    try:
        run.classify(completions)
        run.reserve()
        for start in range(0, len(completions), PROGRESS_EVERY):
            batch = completions[start : start + PROGRESS_EVERY]
            if start:
                batch = run.recheck(batch)
            for completion in batch:
                run.issue(completion)
            done = start + len(batch)
            if done < len(completions):
                _chunk_save(
                    chunk,
                    done=done,
                    issued=run.issued,
                    failed=len(run.skipped),
                    skipped=run.skipped,
                )
    except Exception:
        # What was issued stays (one transaction each); the numbers not used
        # go back; the page stops waiting, and running the chunk (or the
        # run) again finishes it.
        try:
            run.release_all()
        except Exception:  # noqa: BLE001 - the first error is the one to raise
            logger.exception("Bulk chunk %s could not give its numbers back", chunk_id)
        _chunk_save(chunk, status=BulkIssue.Status.FAILED)
        raise
    _chunk_save(
        chunk,
        status=BulkIssue.Status.DONE,
        done=len(completions),
        issued=run.issued,
        failed=len(run.skipped),
        skipped=run.skipped,
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
