"""The automatic close of finished events (cron command and task)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from szkola.accounts.models import AuditEntry

from ..models import EventState, Registration
from ..services import attendance_close, event_cancel, finished_events_close
from .factories import coordinator_create, event_create
from .test_services_attendance import confirmed, first_day, mark, past_event

pytestmark = pytest.mark.django_db


def attended_past_event(**kwargs):
    """A two-day event held last week; one participant present on both days
    and one on the first day only."""
    event = past_event(days=2, **kwargs)
    coordinator = coordinator_create(scope="18")
    full, partial = confirmed(event), confirmed(event)
    days = list(event.days.order_by("date"))
    for day in days:
        mark(full, day, coordinator)
    mark(partial, days[0], coordinator)
    return event, full, partial


def state_of(event) -> EventState | None:
    return EventState.objects.filter(event=event).first()


def local(date, hour, minute=0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(date, datetime.time(hour, minute)),
        timezone.get_default_timezone(),
    )


def test_finished_event_is_closed_and_qualifying_participants_complete(
    signals_sent, django_capture_on_commit_callbacks
):
    event, full, partial = attended_past_event()

    with django_capture_on_commit_callbacks(execute=True):
        result = finished_events_close()

    assert (result.events, result.completed) == (1, 1)
    assert [user_id for user_id, _ in signals_sent] == [full.user_id]
    assert Registration.objects.get(pk=full.pk).completed_at is not None
    assert Registration.objects.get(pk=partial.pk).completed_at is None
    assert state_of(event).attendance_closed_at is not None


def test_completion_is_announced_only_after_commit(
    signals_sent, django_capture_on_commit_callbacks
):
    attended_past_event()

    with django_capture_on_commit_callbacks() as callbacks:
        finished_events_close()
        assert signals_sent == []

    for callback in callbacks:
        callback()
    assert len(signals_sent) == 1


def test_automatic_close_is_audited_without_an_actor():
    event, full, _ = attended_past_event()

    finished_events_close()

    closed = AuditEntry.objects.get(action="events.attendance.closed")
    assert (closed.actor, closed.object_id, closed.data) == (
        None,
        str(event.pk),
        {"automatic": True},
    )
    completed = AuditEntry.objects.get(action="events.registration.completed")
    assert (completed.actor, completed.object_id) == (None, str(full.pk))
    assert state_of(event).attendance_closed_by is None


def test_running_twice_completes_nobody_twice(
    signals_sent, django_capture_on_commit_callbacks
):
    attended_past_event()

    with django_capture_on_commit_callbacks(execute=True):
        finished_events_close()
        again = finished_events_close()

    assert (again.events, again.completed) == (0, 0)
    assert len(signals_sent) == 1
    assert AuditEntry.objects.filter(action="events.attendance.closed").count() == 1


def test_event_is_left_open_until_the_end_time_of_its_last_day(signals_sent):
    today = timezone.localdate()
    event = event_create(first_day=today, days=1, closes_in_days=1)
    registration = confirmed(event)
    mark(registration, first_day(event), coordinator_create(scope="18"))

    before = finished_events_close(now=local(today, 15, 59))
    assert (before.events, state_of(event).attendance_closed_at) == (0, None)

    after = finished_events_close(now=local(today, 16, 0))
    assert (after.events, after.completed) == (1, 1)


def test_running_event_is_left_alone(signals_sent):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    event = event_create(first_day=yesterday, days=3, closes_in_days=1)
    registration = confirmed(event)
    mark(registration, first_day(event), coordinator_create(scope="18"))

    result = finished_events_close()

    assert (result.events, result.completed) == (0, 0)
    assert state_of(event).attendance_closed_at is None


def test_cancelled_event_is_left_alone(signals_sent):
    event, _, _ = attended_past_event()
    event_cancel(event=event, actor=coordinator_create(scope="18"))

    result = finished_events_close()

    assert result.events == 0
    assert state_of(event).attendance_closed_at is None
    assert not AuditEntry.objects.filter(action="events.attendance.closed").exists()


def test_event_without_attendance_is_left_alone(signals_sent):
    event = past_event(days=1)
    confirmed(event)

    result = finished_events_close()

    assert result.events == 0
    assert state_of(event) is None or state_of(event).attendance_closed_at is None


def test_event_closed_by_a_coordinator_is_left_alone(
    signals_sent, django_capture_on_commit_callbacks
):
    event, _, partial = attended_past_event()
    coordinator = coordinator_create(scope="18")
    with django_capture_on_commit_callbacks(execute=True):
        attendance_close(event=event, actor=coordinator)
    closed_at = state_of(event).attendance_closed_at

    with django_capture_on_commit_callbacks(execute=True):
        result = finished_events_close()

    assert (result.events, result.completed) == (0, 0)
    assert len(signals_sent) == 1
    state = state_of(event)
    assert (state.attendance_closed_at, state.attendance_closed_by) == (
        closed_at,
        coordinator,
    )


def test_command_prints_what_it_closed_and_is_idempotent(signals_sent):
    attended_past_event()
    attended_past_event()
    first, second = StringIO(), StringIO()

    call_command("events_close_finished", stdout=first)
    call_command("events_close_finished", stdout=second)

    assert "Zamknięte listy obecności: 2" in first.getvalue()
    assert "ukończyli: 2" in first.getvalue()
    assert "Zamknięte listy obecności: 0" in second.getvalue()
    assert "ukończyli: 0" in second.getvalue()
