import datetime

import pytest
from django.utils import timezone

from szkola.accounts.models import AuditEntry

from ..errors import EventError
from ..models import Attendance, AttendanceRule, EventDay, Registration
from ..services import (
    attendance_close,
    attendance_correct,
    checkin,
    checkin_token,
    registration_create,
)
from .factories import coordinator_create, event_create, user_create

# Events of today and check-ins at "now": at noon, whatever the hour
# (conftest.midday_today).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday_today")]
Method = Attendance.Method


def today_event(**kwargs):
    return event_create(first_day=timezone.localdate(), closes_in_days=1, **kwargs)


def confirmed(event, **user_kwargs):
    registration, _ = registration_create(event=event, user=user_create(**user_kwargs))
    return registration


def first_day(event) -> EventDay:
    return event.days.order_by("date").first()


def test_checkin_from_the_list_records_who_when_how():
    event = today_event()
    registration = confirmed(event)
    coordinator = coordinator_create(scope="18")

    attendance, changed = checkin(
        day=first_day(event), actor=coordinator, registration=registration
    )

    assert changed
    assert (attendance.present, attendance.marked_by, attendance.method) == (
        True,
        coordinator,
        Method.LIST,
    )
    assert AuditEntry.objects.filter(action="events.attendance.marked").count() == 1


def test_checkin_by_qr_token_finds_the_participant():
    event = today_event()
    registration = confirmed(event)

    attendance, _ = checkin(
        day=first_day(event),
        actor=coordinator_create(scope="18"),
        token=checkin_token(registration=registration),
        method=Method.QR,
    )

    assert attendance.registration == registration


def test_qr_token_carries_no_personal_data():
    event = today_event()
    registration = confirmed(event, first_name="Bożena", last_name="Kwiatkowska")

    token = checkin_token(registration=registration)

    # The token is the registration's random code and its signature, nothing
    # else. (Looking for short fragments such as "Bo" in the whole token
    # would fail now and then: the random code and the base64 signature
    # spell them by chance.)
    payload, _, signature = token.rpartition(":")
    assert payload == registration.checkin_code
    assert len(signature) == 43  # base64url of a SHA-256 HMAC, no padding
    for personal in ("Bożena", "Kwiatkowska", registration.user.email):
        assert personal.lower() not in token.lower()


def test_forged_token_is_refused():
    event = today_event()
    registration = confirmed(event)
    forged = checkin_token(registration=registration)[:-2] + "xx"

    with pytest.raises(EventError) as error:
        checkin(
            day=first_day(event), actor=coordinator_create(scope="18"), token=forged
        )

    assert error.value.code == "bad_token"
    assert not Attendance.objects.exists()


def test_token_of_another_event_is_refused():
    event = today_event()
    other = today_event()
    foreign = confirmed(other)

    with pytest.raises(EventError) as error:
        checkin(
            day=first_day(event),
            actor=coordinator_create(scope="18"),
            token=checkin_token(registration=foreign),
        )

    assert error.value.code == "bad_token"
    assert not Attendance.objects.exists()


def test_checkin_on_another_day_is_refused():
    event = event_create(first_day=timezone.localdate() + datetime.timedelta(days=3))
    registration = confirmed(event)

    with pytest.raises(EventError) as error:
        checkin(
            day=first_day(event),
            actor=coordinator_create(scope="18"),
            registration=registration,
        )

    assert error.value.code == "not_today"
    assert not Attendance.objects.exists()


def test_checkin_by_coordinator_of_another_voivodeship_is_refused():
    event = today_event(organiser="18")
    registration = confirmed(event)

    with pytest.raises(EventError) as error:
        checkin(
            day=first_day(event),
            actor=coordinator_create(scope="20"),
            registration=registration,
        )

    assert error.value.code == "forbidden"
    assert not Attendance.objects.exists()


def test_waitlisted_person_cannot_be_checked_in():
    event = today_event(capacity=0)
    waiting = confirmed(event)

    with pytest.raises(EventError) as error:
        checkin(
            day=first_day(event),
            actor=coordinator_create(scope="18"),
            registration=waiting,
        )

    assert error.value.code == "not_confirmed"


def test_checkin_pushes_the_count_to_the_day_board(
    monkeypatch, django_capture_on_commit_callbacks
):
    from ..services import attendance as module

    pushed = []
    monkeypatch.setattr(module, "push_on_commit", lambda g, p: pushed.append((g, p)))
    event = today_event()
    registration = confirmed(event)
    day = first_day(event)

    checkin(day=day, actor=coordinator_create(scope="18"), registration=registration)

    group, payload = pushed[0]
    assert group == f"checkin.day.{day.pk}"
    assert payload["type"] == "checkin"
    assert payload["registration_id"] == registration.pk
    assert payload["present_count"] == 1


def past_event(**kwargs):
    start = timezone.localdate() - datetime.timedelta(days=5)
    return event_create(first_day=start, opens_in_days=-30, closes_in_days=1, **kwargs)


def mark(registration, day, coordinator, present=True):
    attendance_correct(
        day=day, registration=registration, actor=coordinator, present=present
    )


def test_closing_attendance_completes_those_present_every_day(
    signals_sent, django_capture_on_commit_callbacks
):
    event = past_event(days=2)
    coordinator = coordinator_create(scope="18")
    full, partial = confirmed(event), confirmed(event)
    days = list(event.days.order_by("date"))
    for day in days:
        mark(full, day, coordinator)
    mark(partial, days[0], coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        completed = attendance_close(event=event, actor=coordinator)

    assert completed == 1
    assert [user_id for user_id, _ in signals_sent] == [full.user_id]


def test_completion_payload_matches_the_documented_shape(
    signals_sent, django_capture_on_commit_callbacks
):
    event = past_event(days=2)
    coordinator = coordinator_create(scope="18")
    registration = confirmed(event)
    for day in event.days.all():
        mark(registration, day, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        attendance_close(event=event, actor=coordinator)

    _, source = signals_sent[0]
    assert source == {
        "kind": "event",
        "id": event.pk,
        "title": event.title,
        "hours": "16.0",
        "date_from": event.date_from.isoformat(),
        "date_to": event.date_to.isoformat(),
        "place": "Rzeszów",
        "organiser": "18",
        "programme": [
            {"topic": "Moduł 1: diagnoza", "hours": "4.0"},
            {"topic": "Moduł 2: diagnoza", "hours": "4.0"},
        ],
        "form": str(event.get_kind_display()),
        "language": "pl",
        "completion_id": registration.pk,
    }


def test_completion_is_announced_once(signals_sent, django_capture_on_commit_callbacks):
    event = past_event(days=1)
    coordinator = coordinator_create(scope="18")
    registration = confirmed(event)
    mark(registration, first_day(event), coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        attendance_close(event=event, actor=coordinator)
        attendance_close(event=event, actor=coordinator)

    assert len(signals_sent) == 1
    registration.refresh_from_db()
    assert registration.completed_at is not None


def test_min_share_rule_completes_with_enough_hours(
    signals_sent, django_capture_on_commit_callbacks
):
    event = past_event(
        days=2, attendance_rule=AttendanceRule.MIN_SHARE, attendance_min_percent=50
    )
    coordinator = coordinator_create(scope="18")
    registration = confirmed(event)
    mark(registration, first_day(event), coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_close(event=event, actor=coordinator) == 1


def test_attendance_cannot_be_closed_before_the_last_day():
    event = today_event(days=2)

    with pytest.raises(EventError) as error:
        attendance_close(event=event, actor=coordinator_create(scope="18"))

    assert error.value.code == "not_over"


def test_correction_after_closing_is_audited_and_completes(
    signals_sent, django_capture_on_commit_callbacks
):
    event = past_event(days=1)
    coordinator = coordinator_create(scope="18")
    registration = confirmed(event)
    attendance_close(event=event, actor=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        mark(registration, first_day(event), coordinator)

    assert AuditEntry.objects.filter(action="events.attendance.corrected").exists()
    assert [user_id for user_id, _ in signals_sent] == [registration.user_id]
    assert Registration.objects.get(pk=registration.pk).completed_at is not None


def test_checkin_by_the_typed_short_code():
    from ..services import manual_code

    event = today_event()
    registration = confirmed(event)

    attendance, _ = checkin(
        day=first_day(event),
        actor=coordinator_create(scope="18"),
        token=manual_code(registration=registration).lower(),
        method=Method.MANUAL,
    )

    assert attendance.registration == registration


def test_short_code_of_another_event_is_refused():
    from ..services import manual_code

    event, other = today_event(), today_event()
    foreign = confirmed(other)

    with pytest.raises(EventError) as error:
        checkin(
            day=first_day(event),
            actor=coordinator_create(scope="18"),
            token=manual_code(registration=foreign),
        )

    assert error.value.code == "bad_token"
