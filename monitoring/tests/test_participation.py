"""Participation dates follow the forms of support; deletion anonymises."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from events.services import attendance_close, checkin
from events.tests.factories import coordinator_create, event_create, register
from events.tests.factories import user_create as participant_create
from monitoring.models import ParticipantData
from monitoring.report import build_report
from szkola.accounts.models import AuditEntry
from szkola.accounts.services import account_delete

from .factories import participant_data_create

pytestmark = pytest.mark.django_db


def _held_event(user, django_capture_on_commit_callbacks, *, miss_second_day=False):
    first_day = datetime.date(2021, 3, 27)  # the second day is DST change day
    with time_machine.travel(datetime.datetime(2021, 3, 20, 10, tzinfo=datetime.UTC)):
        event = event_create(first_day=first_day, opens_in_days=-5, closes_in_days=5)
        with django_capture_on_commit_callbacks(execute=True):
            registration = register(event, user)
    coordinator = coordinator_create(scope="18")
    days = list(event.days.order_by("date"))
    for day in days[: 1 if miss_second_day else 2]:
        moment = datetime.datetime.combine(day.date, datetime.time(9, 15)).replace(
            tzinfo=datetime.UTC
        )
        with (
            time_machine.travel(moment),
            django_capture_on_commit_callbacks(execute=True),
        ):
            checkin(day=day, actor=coordinator, registration=registration)
    with (
        time_machine.travel(
            datetime.datetime(2021, 3, 28, 23, 30, tzinfo=datetime.UTC)
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        attendance_close(event=event, actor=coordinator)
    return event


def test_attending_an_event_sets_start_end_and_completion(
    django_capture_on_commit_callbacks,
):
    user = participant_create(voivodeship="18")
    participant_data_create(user=user, voivodeship="18")
    _held_event(user, django_capture_on_commit_callbacks)
    with time_machine.travel(
        datetime.datetime(2021, 3, 29, 23, 30, tzinfo=datetime.UTC)
    ):
        from monitoring.services import participation_refresh

        record = participation_refresh(user_id=user.pk)
    assert record.started_on == datetime.date(2021, 3, 27)
    assert record.ended_on == datetime.date(2021, 3, 28)
    assert record.support_completed is True
    assert record.age_at_start == 36  # born 1 January 1985
    assert record.support[0]["hours"] == "16.0"
    assert AuditEntry.objects.filter(action="monitoring.participation.changed").exists()


def test_missing_a_day_ends_participation_not_completed(
    django_capture_on_commit_callbacks,
):
    user = participant_create(voivodeship="18")
    participant_data_create(user=user, voivodeship="18")
    _held_event(user, django_capture_on_commit_callbacks, miss_second_day=True)
    with time_machine.travel(
        datetime.datetime(2021, 4, 2, 23, 30, tzinfo=datetime.UTC)
    ):
        from monitoring.services import participation_refresh

        record = participation_refresh(user_id=user.pk)
    assert record.started_on == datetime.date(2021, 3, 27)
    assert record.support[0]["hours"] == "8.0"
    assert record.support_completed is False


def test_deleting_the_account_anonymises_and_keeps_the_counts(
    django_capture_on_commit_callbacks,
):
    user = participant_create(voivodeship="18")
    record = participant_data_create(user=user, voivodeship="18")
    record.started_on = datetime.date(2021, 3, 27)
    record.support = [
        {
            "kind": "training2",
            "kind_label": "szkolenie dwudniowe",
            "title": "S",
            "date_from": "2021-03-27",
            "date_to": "2021-03-28",
            "hours": "16.0",
            "completed": True,
        }
    ]
    record.save()
    account_delete(user=user)

    record.refresh_from_db()
    assert record.user is None and record.anonymised_at
    for name in (
        "pesel",
        "birth_date",
        "street",
        "phone",
        "special_situations",
        "institution_nip",
        "gmina",
    ):
        assert getattr(record, name) == "", name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pesel, phone FROM monitoring_participantdata WHERE id = %s",
            [record.pk],
        )
        assert cursor.fetchone() == ("", "")
    report = build_report([record], scope_label="podkarpackie")
    assert report.people == 1 and report.hours_total == Decimal("16.0")
    assert AuditEntry.objects.filter(
        action="monitoring.participant.anonymised"
    ).exists()


def test_deletion_keeps_the_certificate_register(django_capture_on_commit_callbacks):
    from certificates.models import Certificate

    user = participant_create(voivodeship="18")
    participant_data_create(user=user, voivodeship="18")
    _held_event(user, django_capture_on_commit_callbacks)
    certificates = list(Certificate.objects.filter(user=user))
    assert certificates  # the completed event issued one
    account_delete(user=user)
    for certificate in certificates:
        certificate.refresh_from_db()
        assert certificate.user is None and certificate.number
    assert ParticipantData.objects.filter(user__isnull=True).count() == 1


def test_production_check_refuses_a_missing_key(settings):
    from monitoring.checks import encryption_key_configured

    settings.MONITORING_ENCRYPTION_KEY = ""
    assert [e.id for e in encryption_key_configured()] == ["monitoring.E001"]
    settings.MONITORING_ENCRYPTION_KEY = "not-a-key"
    assert [e.id for e in encryption_key_configured()] == ["monitoring.E002"]


def _participant_data_read(queries) -> bool:
    return any("monitoring_participantdata" in q["sql"] for q in queries)


def test_a_new_registration_leaves_the_participant_data_alone(
    django_capture_on_commit_callbacks,
):
    # Nothing to recompute: a new registration has no day attended yet.
    from django.test.utils import CaptureQueriesContext

    user = participant_create(voivodeship="18")
    participant_data_create(user=user, voivodeship="18")
    event = event_create()

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        register(event, user)

    assert not _participant_data_read(queries.captured_queries)


def test_a_changed_registration_refreshes_the_participant_data(
    django_capture_on_commit_callbacks,
):
    from django.test.utils import CaptureQueriesContext

    from events.services import registration_cancel

    user = participant_create(voivodeship="18")
    participant_data_create(user=user, voivodeship="18")
    registration = register(event_create(), user)

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        registration_cancel(registration=registration, actor=user)

    assert _participant_data_read(queries.captured_queries)
