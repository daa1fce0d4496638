"""A bulk-issue chunk's register numbers: reserved at once for exactly the
participants it will issue, kept for a re-run, given back when they cannot
be used, and never locking the counter while a certificate is drawn."""

import datetime
import threading
from unittest import mock

import pytest
import time_machine
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

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
    certificate_issue,
)
from certificates.services import issue as issue_module

from .bulk_runs import SOURCE, planned_run, sequences
from .factories import (
    certificate_create,
    completion_create,
    user_create,
)


class Killed(BaseException):
    """The worker dies mid-chunk: nothing of the chunk's own error handling
    runs (as with SIGKILL)."""


def only_chunk(run: BulkIssue) -> BulkIssueChunk:
    (chunk,) = run.chunks.all()
    return chunk


def render_then(action, *, at_call: int):
    """A render_certificate that runs ``action`` when called the
    ``at_call``-th time, then draws as usual."""
    real = issue_module.render_certificate
    calls = []

    def render(**kwargs):
        calls.append(1)
        if len(calls) == at_call:
            action()
        return real(**kwargs)

    return render


def kill():
    raise Killed


@pytest.mark.django_db
def test_a_chunk_reserves_exactly_the_certificates_it_will_issue_and_keeps_them():
    nameless = completion_create(
        user=user_create(first_name="", last_name=""), id=970, **SOURCE
    )
    certified = completion_create(id=970, **SOURCE)
    certificate_issue(completion=certified)  # 1, before the run
    run = planned_run(970, 3, completions=[nameless, certified])
    chunk = only_chunk(run)
    with (
        mock.patch.object(
            issue_module, "render_certificate", render_then(kill, at_call=1)
        ),
        pytest.raises(Killed),
    ):
        bulk_chunk_run(chunk_id=chunk.pk)
    held = ReservedNumber.objects.filter(chunk=chunk)
    # Three eligible: three numbers, each for one of them; kept after the
    # worker died, for the re-run.
    assert sorted(held.values_list("sequence", flat=True)) == [2, 3, 4]
    eligible = set(chunk.completion_ids) - {nameless.pk, certified.pk}
    assert set(held.values_list("completion_id", flat=True)) == eligible
    assert NumberCounter.objects.get().last == 4


@pytest.mark.django_db
def test_a_chunk_run_again_issues_only_the_missing_under_its_reserved_numbers():
    run = planned_run(971, 4)
    chunk = only_chunk(run)
    with (
        mock.patch.object(
            issue_module, "render_certificate", render_then(kill, at_call=3)
        ),
        pytest.raises(Killed),
    ):
        bulk_chunk_run(chunk_id=chunk.pk)
    assert sequences() == [1, 2]
    reserved = dict(
        ReservedNumber.objects.filter(chunk=chunk).values_list(
            "completion_id", "sequence"
        )
    )
    assert sorted(reserved.values()) == [3, 4]
    issued_before = set(Certificate.objects.values_list("pk", flat=True))

    bulk_chunk_run(chunk_id=chunk.pk)
    assert sequences() == [1, 2, 3, 4]
    for completion_id, sequence in reserved.items():
        assert Certificate.objects.get(completion_id=completion_id).sequence == sequence
    assert issued_before <= set(Certificate.objects.values_list("pk", flat=True))
    assert Certificate.objects.count() == 4
    assert not ReservedNumber.objects.exists()
    assert NumberCounter.objects.get().last == 4
    chunk.refresh_from_db()
    assert (chunk.status, chunk.issued, chunk.failed) == ("done", 4, 0)


@pytest.mark.django_db
def test_a_number_lost_to_a_concurrent_single_issue_is_given_back_and_taken_next():
    run = planned_run(972, 3)
    chunk = only_chunk(run)
    second = sorted(chunk.completion_ids)[1]

    def single_issue_wins():
        from certificates.models import Completion

        certificate_issue(completion=Completion.objects.get(pk=second))

    with mock.patch.object(
        issue_module, "render_certificate", render_then(single_issue_wins, at_call=2)
    ):
        bulk_chunk_run(chunk_id=chunk.pk)
    # The chunk reserved 1-3; the single issue took 4; the chunk's 2 went
    # back to the pool, accounted for in the register.
    assert Certificate.objects.get(completion_id=second).sequence == 4
    assert sequences() == [1, 3, 4]
    assert list(ReservedNumber.objects.values_list("sequence", "chunk")) == [(2, None)]
    report = register_check(credentials=False)
    assert report.problems == []
    assert report.returned == {timezone.localdate().year: [2]}
    chunk.refresh_from_db()
    assert (chunk.issued, chunk.failed) == (3, 0)  # one current certificate each

    assert certificate_create().sequence == 2
    assert sequences() == [1, 2, 3, 4]
    assert not ReservedNumber.objects.exists()


@pytest.mark.django_db
def test_a_participant_no_longer_eligible_gives_the_number_back(settings):
    settings.CERTIFICATES_BULK_CHUNK = 12
    run = planned_run(973, 12)
    chunk = only_chunk(run)
    last = max(chunk.completion_ids)

    def name_removed():
        from certificates.models import Completion

        user = Completion.objects.get(pk=last).user
        user.first_name = user.last_name = ""
        user.save()

    with mock.patch.object(
        issue_module, "render_certificate", render_then(name_removed, at_call=1)
    ):
        bulk_chunk_run(chunk_id=chunk.pk)
    chunk.refresh_from_db()
    assert (chunk.done, chunk.issued, chunk.failed) == (12, 11, 1)
    assert not Certificate.objects.filter(completion_id=last).exists()
    # The last completion's number (12) was the top: the counter went back.
    assert sequences() == list(range(1, 12))
    assert NumberCounter.objects.get().last == 11
    assert not ReservedNumber.objects.exists()
    assert register_check(credentials=False).problems == []


@pytest.mark.django_db
def test_a_failed_chunk_gives_back_the_numbers_it_did_not_use(settings):
    settings.CERTIFICATES_BULK_CHUNK = 3
    run = planned_run(974, 6)
    first, second = run.chunks.order_by("index")
    calls = []
    real = issue_module.render_certificate

    def render(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            # The other chunk runs while this one draws its first.
            bulk_chunk_run(chunk_id=second.pk)
        if len(calls) == 5:
            raise RuntimeError("broken template")
        return real(**kwargs)

    with (
        mock.patch.object(issue_module, "render_certificate", render),
        pytest.raises(RuntimeError),
    ):
        bulk_chunk_run(chunk_id=first.pk)
    # The first chunk reserved 1-3, the second 4-6; the first issued 1 and
    # failed: 2 and 3 are given back, accounted for in the register.
    assert sequences(completion_id__in=second.completion_ids) == [4, 5, 6]
    assert sequences() == [1, 4, 5, 6]
    assert list(ReservedNumber.objects.values_list("sequence", "chunk")) == [
        (2, None),
        (3, None),
    ]
    report = register_check(credentials=False)
    assert report.problems == []
    assert report.returned == {timezone.localdate().year: [2, 3]}

    bulk_chunk_run(chunk_id=first.pk)  # run again: takes them back first
    assert sequences() == [1, 2, 3, 4, 5, 6]
    assert not ReservedNumber.objects.exists()
    assert register_check(credentials=False).problems == []


@pytest.mark.django_db
def test_a_chunk_running_over_new_year_issues_under_numbers_of_the_new_year():
    year = 2030
    local = timezone.get_current_timezone()
    with time_machine.travel(
        datetime.datetime(year, 12, 31, 23, 59, 59, tzinfo=local), tick=False
    ) as traveller:
        run = planned_run(975, 3)
        chunk = only_chunk(run)

        reserved_before_midnight = []

        def midnight():
            reserved_before_midnight.extend(
                ReservedNumber.objects.filter(chunk=chunk).values_list(
                    "year", "sequence"
                )
            )
            traveller.move_to(datetime.datetime(year + 1, 1, 1, 0, 0, 1, tzinfo=local))

        # Drawing the second certificate starts in the new year.
        with mock.patch.object(
            issue_module, "render_certificate", render_then(midnight, at_call=1)
        ):
            bulk_chunk_run(chunk_id=chunk.pk)
    # Reserved in the old year; those left unused went back (the top: its
    # counter is lowered); each certificate carries the year it was issued in.
    assert sorted(reserved_before_midnight) == [(year, 1), (year, 2), (year, 3)]
    numbers = sorted(Certificate.objects.values_list("year", "sequence"))
    assert numbers == [(year, 1), (year + 1, 1), (year + 1, 2)]
    assert NumberCounter.objects.get(year=year).last == 1
    assert NumberCounter.objects.get(year=year + 1).last == 2
    for certificate in Certificate.objects.all():
        assert certificate.year == timezone.localtime(certificate.issued_at).year
        assert certificate.number.startswith(f"SK/{certificate.year}/")
    assert not ReservedNumber.objects.exists()
    assert register_check(credentials=False).problems == []


@pytest.mark.django_db
def test_a_chunk_sends_a_few_statements_per_certificate(
    settings, django_assert_max_num_queries
):
    settings.CERTIFICATES_BULK_CHUNK = 20
    run = planned_run(976, 20)
    chunk = only_chunk(run)
    bulk_chunk_run(chunk_id=chunk.pk)  # fonts, marks and URLs loaded once
    Certificate.objects.all().delete()
    ReservedNumber.objects.all().delete()
    NumberCounter.objects.all().delete()
    run.created_at = timezone.now()
    run.save()
    # Per certificate: the number's reservation, the row, the audit entry,
    # the notification with the unread count, and two savepoints (its own
    # transaction inside the test's, the notification's); per chunk and per
    # progress step a few more. (It was 18 a certificate.)
    with django_assert_max_num_queries(20 * 9 + 50):
        bulk_chunk_run(chunk_id=chunk.pk)
    assert sequences() == list(range(1, 21))


# --- PostgreSQL: real parallel transactions --------------------------------

POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; row locks need PostgreSQL",
)


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_the_counter_row_is_not_locked_while_a_certificate_is_drawn():
    run = planned_run(980, 3)
    chunk = only_chunk(run)
    NumberCounter.objects.create(year=timezone.localdate().year)
    outcomes = []
    real = issue_module.render_certificate

    def probe():
        try:
            with transaction.atomic():
                list(NumberCounter.objects.select_for_update(nowait=True))
            outcomes.append("free")
        except DatabaseError:
            outcomes.append("locked")
        finally:
            connections.close_all()

    def render(**kwargs):
        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
        return real(**kwargs)

    with mock.patch.object(issue_module, "render_certificate", render):
        bulk_chunk_run(chunk_id=chunk.pk)
    assert outcomes == ["free", "free", "free"]
    assert sequences() == [1, 2, 3]
