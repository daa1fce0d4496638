import threading
from unittest import mock

import pytest
from django.db import connection, transaction

from certificates import services
from certificates.errors import CertificateError
from certificates.models import Certificate, Completion, NumberCounter
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    numbering,
)
from certificates.services import issue as issue_module
from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from .factories import (
    certificate_create,
    completion_create,
    coordinator_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def test_issue_numbers_from_the_register_with_the_default_pattern():
    certificate = certificate_create()
    year = certificate.issued_at.year
    assert certificate.number == f"SK/{year}/00001"
    assert certificate_create().number == f"SK/{year}/00002"


def test_number_pattern_is_configurable(settings):
    settings.CERTIFICATES_NUMBER_PATTERN = "ZK-{year}-{seq:04d}"
    certificate = certificate_create()
    assert certificate.number == f"ZK-{certificate.year}-0001"


def test_issue_snapshots_the_source_and_the_name():
    user = user_create(first_name="Łucja", last_name="Żółć")
    certificate = certificate_create(user=user, kind="course", place="online")
    user.last_name = "Inna"
    user.save()
    certificate.refresh_from_db()
    assert certificate.recipient_name == "Łucja Żółć"
    assert certificate.source_kind == "course"
    assert str(certificate.hours) == "14.0"
    assert certificate.place == "online"
    assert len(certificate.programme) == 2


def test_verification_code_has_at_least_128_bits():
    certificate = certificate_create()
    # token_urlsafe(24): 24 random bytes, 32 URL-safe characters.
    assert len(certificate.code) >= 32
    assert set(certificate.code) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_issuing_twice_returns_the_existing_certificate(private_files):
    completion = completion_create()
    first = certificate_issue(completion=completion)
    second = certificate_issue(completion=completion)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert len(private_files()) == 1


def test_issue_stores_the_pdf_privately_with_its_checksum(private_files):
    import hashlib

    certificate = certificate_create()
    files = private_files()
    assert len(files) == 1
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == certificate.pdf_sha256


def test_issue_writes_an_audit_entry():
    certificate = certificate_create()
    entry = AuditEntry.objects.get(action="certificates.certificate.issued")
    assert entry.object_id == str(certificate.pk)


def test_issue_notifies_the_participant(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_create()
    notification = Notification.objects.get(user=certificate.user)
    assert certificate.title in notification.title
    assert notification.url == "/moje/certyfikaty/"


def test_issue_refuses_a_participant_without_a_name():
    user = user_create(first_name="", last_name="")
    completion = completion_create(user=user)
    with pytest.raises(CertificateError) as error:
        certificate_issue(completion=completion)
    assert error.value.code == "name_missing"
    assert not Certificate.objects.exists()


def test_coordinator_outside_scope_cannot_issue():
    coordinator = coordinator_create(scope="06")
    completion = completion_create(organiser="18")
    with pytest.raises(CertificateError) as error:
        certificate_issue(completion=completion, issued_by=coordinator)
    assert error.value.code == "not_allowed"


def test_coordinator_in_scope_issues_and_is_recorded():
    coordinator = coordinator_create(scope="18")
    completion = completion_create(organiser="18")
    certificate = certificate_issue(completion=completion, issued_by=coordinator)
    assert certificate.issued_by == coordinator


def test_crash_after_number_taken_leaves_no_gap_no_record_no_file(private_files):
    completion = completion_create()
    with (
        mock.patch.object(
            issue_module, "render_certificate", side_effect=RuntimeError("crash")
        ),
        pytest.raises(RuntimeError),
    ):
        certificate_issue(completion=completion)
    assert not Certificate.objects.exists()
    assert not NumberCounter.objects.filter(last__gt=0).exists()
    assert private_files() == []
    certificate = certificate_issue(completion=completion)
    assert certificate.sequence == 1


def test_crash_after_the_pdf_is_written_deletes_it(private_files):
    completion = completion_create()
    with (
        mock.patch.object(issue_module, "audit_log", side_effect=RuntimeError("crash")),
        pytest.raises(RuntimeError),
    ):
        certificate_issue(completion=completion)
    assert not Certificate.objects.exists()
    assert private_files() == []


def test_task_run_again_after_a_crash_finishes_without_duplicates(private_files):
    from certificates.tasks import certificate_issue_task

    completion = completion_create()
    with mock.patch.object(
        issue_module, "audit_log", side_effect=RuntimeError("crash")
    ):
        result = certificate_issue_task.enqueue(completion.pk)
    assert result.status == "FAILED"
    certificate_issue_task.enqueue(completion.pk)
    certificate_issue_task.enqueue(completion.pk)
    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().sequence == 1
    assert len(private_files()) == 1


def test_reissue_supersedes_the_old_certificate():
    coordinator = coordinator_create(scope="18")
    old = certificate_create(organiser="18")
    new = certificate_reissue(
        certificate=old, actor=coordinator, recipient_name="Anna Poprawiona"
    )
    old.refresh_from_db()
    assert old.status == "superseded"
    assert old.superseded_by == new
    assert new.supersedes == old
    assert new.recipient_name == "Anna Poprawiona"
    assert new.number != old.number
    assert new.status == "valid"
    # Issuing for that completion again returns the current one.
    assert certificate_issue(completion=old.completion).pk == new.pk


def test_reissue_twice_from_the_old_one_is_refused():
    coordinator = coordinator_create(scope="18")
    old = certificate_create(organiser="18")
    certificate_reissue(certificate=old, actor=coordinator)
    with pytest.raises(CertificateError) as error:
        certificate_reissue(certificate=old, actor=coordinator)
    assert error.value.code == "superseded"


def test_reissue_crash_keeps_the_old_certificate_current(private_files):
    coordinator = coordinator_create(scope="18")
    old = certificate_create(organiser="18")
    with (
        mock.patch.object(
            issue_module, "render_certificate", side_effect=RuntimeError("crash")
        ),
        pytest.raises(RuntimeError),
    ):
        certificate_reissue(certificate=old, actor=coordinator)
    old.refresh_from_db()
    assert old.status == "valid"
    assert Certificate.objects.count() == 1
    assert len(private_files()) == 1


def test_revoke_records_reason_and_date():
    coordinator = coordinator_create(scope="18")
    certificate = certificate_create(organiser="18")
    certificate_revoke(
        certificate=certificate, actor=coordinator, reason="Błąd w danych"
    )
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.revoked_reason == "Błąd w danych"
    assert certificate.revoked_at is not None


def test_revoke_requires_a_reason():
    coordinator = coordinator_create(scope="18")
    certificate = certificate_create(organiser="18")
    with pytest.raises(CertificateError) as error:
        certificate_revoke(certificate=certificate, actor=coordinator, reason="  ")
    assert error.value.code == "reason_required"
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_outside_scope_is_refused():
    coordinator = coordinator_create(scope="06")
    certificate = certificate_create(organiser="18")
    with pytest.raises(CertificateError) as error:
        certificate_revoke(certificate=certificate, actor=coordinator, reason="x")
    assert error.value.code == "not_allowed"


def test_macroregional_source_is_for_the_leaders_team_only():
    voivodeship = coordinator_create(scope="18")
    leader = coordinator_create(scope="MR")
    completion = completion_create(organiser="MR")
    with pytest.raises(CertificateError):
        certificate_issue(completion=completion, issued_by=voivodeship)
    assert certificate_issue(completion=completion, issued_by=leader).pk


def test_bulk_issue_issues_for_every_completion_once(
    django_capture_on_commit_callbacks,
):
    from certificates.models import BulkIssue
    from certificates.services import bulk_issue_start

    coordinator = coordinator_create(scope="18")
    users = [user_create() for _ in range(3)]
    for user in users:
        completion_create(user=user, kind="event", id=900, organiser="18")
    certificate_issue(completion=Completion.objects.filter(user=users[0]).get())
    with django_capture_on_commit_callbacks(execute=True):
        bulk = bulk_issue_start(source_kind="event", source_id=900, actor=coordinator)
    bulk = BulkIssue.objects.get(pk=bulk.pk)
    assert bulk.status == "done"
    assert (bulk.total, bulk.done, bulk.issued) == (3, 3, 2)
    assert Certificate.objects.filter(source_id=900).count() == 3


def test_bulk_issue_outside_scope_is_refused():
    from certificates.services import bulk_issue_start

    coordinator = coordinator_create(scope="06")
    completion_create(kind="event", id=901, organiser="18")
    with pytest.raises(CertificateError) as error:
        bulk_issue_start(source_kind="event", source_id=901, actor=coordinator)
    assert error.value.code == "not_allowed"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_unique_gap_free_numbers():
    completions = [completion_create() for _ in range(12)]
    errors = []

    def work(chunk):
        try:
            for completion in chunk:
                certificate_issue(completion=completion)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(completions[i::4],)) for i in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_issue_of_the_same_completion_gives_one_certificate():
    completion = completion_create()
    results, errors = [], []

    def work():
        try:
            results.append(certificate_issue(completion=completion).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert NumberCounter.objects.get().last == 1


def test_issue_inside_an_outer_transaction_that_rolls_back_leaves_no_record():
    completion = completion_create()
    with pytest.raises(RuntimeError), transaction.atomic():
        certificate_issue(completion=completion)
        raise RuntimeError("outer failure")
    assert not Certificate.objects.exists()


def test_deleting_the_account_keeps_the_certificate_verifiable():
    certificate = certificate_create()
    certificate.user.delete()
    certificate.refresh_from_db()
    assert certificate.user is None
    assert certificate.status == "valid"
    assert certificate.recipient_name == "Zażółć Gęślą-Jaźń"


def test_a_failing_notification_does_not_undo_the_issue():
    with mock.patch("szkola.live.services.notify", side_effect=RuntimeError("down")):
        certificate = certificate_create()
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert not Notification.objects.exists()


def test_bulk_issue_crash_midway_keeps_what_was_issued_and_a_rerun_finishes(
    private_files,
):
    from certificates.models import BulkIssue
    from certificates.services import bulk_issue_run

    coordinator = coordinator_create(scope="18")
    for _ in range(4):
        completion_create(kind="event", id=902, organiser="18")
    run = BulkIssue.objects.create(
        source_kind="event", source_id=902, source_title="x", requested_by=coordinator
    )
    real_render = issue_module.render_certificate
    calls = []

    def render_then_crash(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("worker killed")
        return real_render(**kwargs)

    with (
        mock.patch.object(issue_module, "render_certificate", render_then_crash),
        pytest.raises(RuntimeError),
    ):
        bulk_issue_run(bulk_id=run.pk)
    run.refresh_from_db()
    assert run.status == BulkIssue.Status.FAILED
    assert Certificate.objects.count() == 2
    assert len(private_files()) == 2

    bulk_issue_run(bulk_id=run.pk)
    run.refresh_from_db()
    assert run.status == BulkIssue.Status.DONE
    # The two issued before the crash were issued by this run: counted so.
    assert (run.issued, run.failed) == (4, 0)
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4]
    assert len(private_files()) == 4


# --- Open Badges status-list index -------------------------------------------


def test_each_certificate_gets_its_own_random_status_index():
    certificates = [certificate_create() for _ in range(12)]
    indexes = [c.status_index for c in certificates]
    assert len(set(indexes)) == len(indexes)
    assert all(0 <= index < services.STATUS_LIST_SIZE for index in indexes)
    # Not the issue order: ids would be consecutive, random draws are not.
    assert indexes != [c.pk for c in certificates]


def test_full_status_list_uses_every_free_index_then_refuses(
    monkeypatch, private_files
):
    monkeypatch.setattr(numbering, "STATUS_LIST_SIZE", 3)
    issued = {certificate_create().status_index for _ in range(3)}
    assert issued == {0, 1, 2}
    completion = completion_create()
    with pytest.raises(CertificateError) as error:
        certificate_issue(completion=completion)
    assert error.value.code == "status_list_full"
    assert Certificate.objects.count() == 3
    assert len(private_files()) == 3
    assert NumberCounter.objects.get().last == 3


def test_status_index_taken_meanwhile_is_drawn_again(monkeypatch):
    first = certificate_create()
    draws = iter([first.status_index, 4242 if first.status_index != 4242 else 4243])
    monkeypatch.setattr(numbering, "status_index_draw", lambda: next(draws))
    second = certificate_create()
    assert second.status_index in (4242, 4243)
    assert second.status_index != first.status_index
    assert Certificate.objects.count() == 2


def test_outcome_lines_print_assessed_outcomes_with_their_category():
    from certificates.services import outcome_lines

    assert outcome_lines(
        [
            "Zna model kooperacji",
            {"category_label": "Wiedza", "text": "Zna zadania PZK", "method": "test"},
            {"category_label": "", "text": "Planuje spotkania"},
            {"text": ""},
            "  ",
        ]
    ) == ["Zna model kooperacji", "Wiedza: Zna zadania PZK", "Planuje spotkania"]
