"""Bulk issue in chunks: each chunk a task any worker may take, in any
order, again after a crash, and at the same time as another chunk."""

import threading

import pytest
from django.db import connection, connections

from certificates.models import (
    BulkIssue,
    BulkIssueChunk,
    Certificate,
    NumberCounter,
    ReservedNumber,
)
from certificates.register_check import register_check
from certificates.services import (
    bulk_chunk_run,
    bulk_issue_run,
    bulk_issue_start,
    certificate_issue,
)

from .bulk_runs import SOURCE, planned_run, sequences
from .factories import completion_create, coordinator_create


@pytest.fixture
def small_chunks(settings):
    settings.CERTIFICATES_BULK_CHUNK = 2
    return settings


@pytest.mark.django_db
def test_start_splits_the_run_into_chunks_enqueued_after_commit(
    small_chunks, django_capture_on_commit_callbacks
):
    completions = [completion_create(id=960, **SOURCE) for _ in range(5)]
    coordinator = coordinator_create(scope="18")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = bulk_issue_start(source_kind="event", source_id=960, actor=coordinator)
    chunks = list(run.chunks.order_by("index"))
    assert [chunk.completion_ids for chunk in chunks] == [
        [completions[0].pk, completions[1].pk],
        [completions[2].pk, completions[3].pk],
        [completions[4].pk],
    ]
    assert run.total == 5
    assert not Certificate.objects.exists()  # nothing issued before commit

    for callback in callbacks:
        callback()  # the test settings run each enqueued task at once
    run.refresh_from_db()
    assert run.status == BulkIssue.Status.DONE
    assert (run.total, run.done, run.issued, run.failed) == (5, 5, 5, 0)
    assert sequences() == [1, 2, 3, 4, 5]


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_chunks_in_either_order_sum_into_the_run(small_chunks, order):
    run = planned_run(961, 4)
    chunks = list(run.chunks.order_by("index"))

    bulk_chunk_run(chunk_id=chunks[order[0]].pk)
    run.refresh_from_db()
    assert run.status == BulkIssue.Status.RUNNING
    assert (run.total, run.done, run.issued) == (4, 2, 2)
    assert run.finished_at is None

    bulk_chunk_run(chunk_id=chunks[order[1]].pk)
    run.refresh_from_db()
    assert run.status == BulkIssue.Status.DONE
    assert (run.total, run.done, run.issued, run.failed) == (4, 4, 4, 0)
    assert run.finished_at is not None
    assert sequences() == [1, 2, 3, 4]
    first_chunk = Certificate.objects.filter(completion_id__in=chunks[0].completion_ids)
    assert first_chunk.count() == 2


@pytest.mark.django_db
def test_a_chunk_run_again_issues_nothing_twice(small_chunks):
    run = planned_run(962, 3)
    chunk = run.chunks.order_by("index").first()
    bulk_chunk_run(chunk_id=chunk.pk)
    bulk_chunk_run(chunk_id=chunk.pk)  # a reclaimed task runs it once more
    assert sequences() == [1, 2]
    assert NumberCounter.objects.get().last == 2
    chunk.refresh_from_db()
    # Certified since the run started: still reported as issued by it.
    assert (chunk.status, chunk.done, chunk.issued, chunk.failed) == ("done", 2, 2, 0)

    bulk_issue_run(bulk_id=run.pk)  # the whole run again
    run.refresh_from_db()
    assert (run.status, run.total, run.issued, run.failed) == ("done", 3, 3, 0)
    assert sequences() == [1, 2, 3]
    assert register_check(credentials=False).problems == []


@pytest.mark.django_db
def test_a_participant_certified_before_the_run_is_listed_as_skipped(small_chunks):
    completion = completion_create(id=963, **SOURCE)
    certificate_issue(completion=completion)
    run = planned_run(963, 2)
    bulk_issue_run(bulk_id=run.pk)
    run.refresh_from_db()
    assert (run.total, run.issued, run.failed) == (3, 2, 1)
    assert [entry["reason"] for entry in run.skipped] == ["ma już zaświadczenie"]


@pytest.mark.django_db
def test_a_failed_chunk_fails_the_run_until_it_is_run_again(small_chunks):
    from unittest import mock

    from certificates.services import issue as issue_module

    run = planned_run(964, 4)
    first, second = run.chunks.order_by("index")
    with (
        mock.patch.object(
            issue_module, "render_certificate", side_effect=RuntimeError("killed")
        ),
        pytest.raises(RuntimeError),
    ):
        bulk_chunk_run(chunk_id=first.pk)
    bulk_chunk_run(chunk_id=second.pk)
    run.refresh_from_db()
    assert run.status == BulkIssue.Status.FAILED  # the page stops waiting
    assert run.finished_at is not None

    bulk_chunk_run(chunk_id=first.pk)
    run.refresh_from_db()
    assert (run.status, run.issued) == (BulkIssue.Status.DONE, 4)
    assert sequences() == [1, 2, 3, 4]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_chunks_at_once_give_gap_free_unique_numbers(settings):
    settings.CERTIFICATES_BULK_CHUNK = 6
    run = planned_run(965, 12)
    chunks = list(BulkIssueChunk.objects.filter(bulk=run).order_by("index"))
    assert len(chunks) == 2
    barrier = threading.Barrier(len(chunks))
    errors = []

    def work(chunk_id):
        try:
            barrier.wait()
            bulk_chunk_run(chunk_id=chunk_id)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c.pk,)) for c in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sequences() == list(range(1, 13))
    assert Certificate.objects.values("completion_id").distinct().count() == 12
    # Each chunk issued under the consecutive numbers it reserved at its
    # start, while the other was issuing too, and nothing stays reserved.
    blocks = sorted(sequences(completion_id__in=c.completion_ids) for c in chunks)
    assert blocks == [list(range(1, 7)), list(range(7, 13))]
    assert not ReservedNumber.objects.exists()
    assert register_check(credentials=False).problems == []
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.issued) == ("done", 12, 12, 12)
