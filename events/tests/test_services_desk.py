"""The desk services: reject and cancel with a reason, a person added by
hand, the capacity override; each refuses another voivodeship's coordinator
and leaves nothing changed."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from ..errors import EventError
from ..models import EventState, Registration
from ..services import (
    AddChannel,
    event_capacity_override,
    registration_add,
    registrations_cancel,
    registrations_reject,
)
from .factories import coordinator_create, event_create, register, user_create

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def podlaskie():
    return coordinator_create(scope="20")


@pytest.fixture
def event():
    return event_create(organiser="20", approval_required=True, capacity=2)


def _statuses():
    return list(Registration.objects.order_by("pk").values_list("status", flat=True))


# --- reject with a reason -----------------------------------------------------


def test_reject_stores_the_reason_and_tells_the_participant(
    podlaskie, event, django_capture_on_commit_callbacks
):
    registration = register(event)

    with django_capture_on_commit_callbacks(execute=True):
        changed = registrations_reject(
            event=event,
            registration_ids=[registration.pk],
            actor=podlaskie,
            reason="Szkolenie jest dla pracowników GOPS.",
        )

    registration.refresh_from_db()
    assert changed == 1
    assert registration.status == Status.REJECTED
    assert registration.decision_reason == "Szkolenie jest dla pracowników GOPS."
    notice = Notification.objects.filter(user=registration.user).latest("pk")
    assert "Szkolenie jest dla pracowników GOPS." in notice.body
    assert "Szkolenie jest dla pracowników GOPS." in mail.outbox[-1].body
    entry = AuditEntry.objects.get(action="events.registration.rejected")
    assert entry.data["reason"] == "Szkolenie jest dla pracowników GOPS."


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_reject_without_a_usable_reason_changes_nothing(podlaskie, event, reason):
    registration = register(event)

    with pytest.raises(EventError) as error:
        registrations_reject(
            event=event,
            registration_ids=[registration.pk],
            actor=podlaskie,
            reason=reason,
        )

    assert error.value.code in ("reason_required", "reason_too_long")
    assert _statuses() == [Status.PENDING]


def test_reject_by_another_voivodeships_coordinator_is_refused(event):
    registration = register(event)

    with pytest.raises(EventError) as error:
        registrations_reject(
            event=event,
            registration_ids=[registration.pk],
            actor=coordinator_create(scope="18"),
            reason="Nie.",
        )

    assert error.value.code == "forbidden"
    assert _statuses() == [Status.PENDING]
    assert not AuditEntry.objects.filter(action__startswith="events.registration.rej")


def test_reject_with_an_id_of_another_event_changes_nothing(podlaskie, event):
    mine = register(event)
    other = register(event_create(organiser="20"))

    with pytest.raises(EventError) as error:
        registrations_reject(
            event=event,
            registration_ids=[mine.pk, other.pk],
            actor=podlaskie,
            reason="Powód.",
        )

    assert error.value.code == "not_found"
    assert _statuses() == [Status.PENDING, Status.CONFIRMED]


def test_rejecting_a_held_place_passes_it_to_the_first_waiting(podlaskie):
    event = event_create(organiser="20", capacity=1)
    confirmed, waiting = register(event), register(event)

    registrations_reject(
        event=event, registration_ids=[confirmed.pk], actor=podlaskie, reason="Powód."
    )

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


# --- cancel by the coordinator ------------------------------------------------


def test_coordinator_cancel_with_reason_promotes_and_skips_inactive(podlaskie):
    event = event_create(organiser="20", capacity=1)
    confirmed, waiting = register(event), register(event)
    rejected = register(event)
    registrations_reject(
        event=event, registration_ids=[rejected.pk], actor=podlaskie, reason="R."
    )

    count = registrations_cancel(
        event=event,
        registration_ids=[confirmed.pk, rejected.pk],
        actor=podlaskie,
        reason="Zmiana kadrowa w instytucji.",
    )

    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert count == 1
    assert confirmed.status == Status.CANCELLED
    assert confirmed.decision_reason == "Zmiana kadrowa w instytucji."
    assert waiting.status == Status.CONFIRMED
    assert (
        AuditEntry.objects.filter(
            action="events.registration.cancelled_by_coordinator"
        ).count()
        == 1
    )


def test_cancel_by_the_leaders_team_is_allowed_for_a_voivodeships_event():
    event = event_create(organiser="20")
    registration = register(event)

    registrations_cancel(
        event=event,
        registration_ids=[registration.pk],
        actor=coordinator_create(scope="MR"),
        reason="Powód.",
    )

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


# --- a person added by hand ---------------------------------------------------


def test_added_person_is_confirmed_with_needs_even_after_registration_closed(
    podlaskie,
):
    event = event_create(organiser="20", approval_required=True, closes_in_days=-1)
    person = user_create(voivodeship="20")

    registration = registration_add(
        event=event,
        actor=podlaskie,
        user=person,
        channel=AddChannel.WALK_IN,
        nights=[event.date_from - datetime.timedelta(days=1)],
        meals=True,
        diet="vegan",
        diet_notes="bez orzechów",
        accessibility_needs="miejsce dla wózka",
    )

    assert registration.status == Status.CONFIRMED
    assert registration.added_by == podlaskie
    assert registration.diet == "vegan"
    assert registration.accessibility_needs == "miejsce dla wózka"
    assert registration.nights == [
        (event.date_from - datetime.timedelta(days=1)).isoformat()
    ]
    entry = AuditEntry.objects.get(action="events.registration.added")
    assert entry.data["channel"] == "walk_in"
    assert entry.actor == podlaskie


def test_adding_to_a_full_event_is_refused_or_goes_on_the_waiting_list(podlaskie):
    event = event_create(organiser="20", capacity=1)
    register(event)
    person = user_create()

    with pytest.raises(EventError) as error:
        registration_add(event=event, actor=podlaskie, user=person)
    assert error.value.code == "full"
    assert Registration.objects.filter(user=person).count() == 0

    registration = registration_add(
        event=event, actor=podlaskie, user=person, waitlist_if_full=True
    )
    assert registration.status == Status.WAITLISTED


def test_adding_someone_already_registered_is_refused(podlaskie):
    event = event_create(organiser="20")
    registration = register(event)

    with pytest.raises(EventError) as error:
        registration_add(event=event, actor=podlaskie, user=registration.user)

    assert error.value.code == "already_registered"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"diet": "paleo"}, "bad_diet"),
        ({"channel": "fax"}, "bad_channel"),
        ({"nights": ["2001-01-01"]}, "bad_nights"),
        ({"nights": ["nie-data"]}, "bad_nights"),
    ],
)
def test_adding_with_bad_needs_changes_nothing(podlaskie, kwargs, code):
    event = event_create(organiser="20")

    with pytest.raises(EventError) as error:
        registration_add(event=event, actor=podlaskie, user=user_create(), **kwargs)

    assert error.value.code == code
    assert not Registration.objects.exists()


def test_adding_by_another_voivodeships_coordinator_is_refused():
    event = event_create(organiser="20")

    with pytest.raises(EventError) as error:
        registration_add(
            event=event, actor=coordinator_create(scope="14"), user=user_create()
        )

    assert error.value.code == "forbidden"
    assert not Registration.objects.exists()


def test_adding_to_a_finished_event_is_refused(podlaskie):
    event = event_create(
        organiser="20",
        first_day=timezone.localdate() - datetime.timedelta(days=5),
        closes_in_days=-6,
        opens_in_days=-20,
    )

    with pytest.raises(EventError) as error:
        registration_add(event=event, actor=podlaskie, user=user_create())

    assert error.value.code == "event_over"


# --- the capacity override ----------------------------------------------------


def test_capacity_override_is_audited_and_promotes_the_waiting(podlaskie):
    event = event_create(organiser="20", capacity=1)
    register(event)
    waiting = register(event)

    state, promoted = event_capacity_override(
        event=event, actor=podlaskie, capacity=3, reason="Większa sala."
    )

    waiting.refresh_from_db()
    assert (state.capacity_override, promoted) == (3, 1)
    assert waiting.status == Status.CONFIRMED
    event.refresh_from_db()
    assert event.capacity == 1  # the page stays as published
    entry = AuditEntry.objects.get(action="events.event.capacity_overridden")
    assert entry.data == {
        "before": 1,
        "after": 3,
        "page_capacity": 1,
        "reason": "Większa sala.",
    }


def test_new_registrations_count_against_the_overridden_capacity(podlaskie):
    event = event_create(organiser="20", capacity=1)
    register(event)
    event_capacity_override(
        event=event, actor=podlaskie, capacity=2, reason="Dostawka."
    )

    second, third = register(event), register(event)

    assert (second.status, third.status) == (Status.CONFIRMED, Status.WAITLISTED)


def test_capacity_below_the_taken_places_is_refused_and_nothing_changes(podlaskie):
    event = event_create(organiser="20", capacity=3)
    register(event)
    register(event)

    with pytest.raises(EventError) as error:
        event_capacity_override(
            event=event, actor=podlaskie, capacity=1, reason="Mniejsza sala."
        )

    assert error.value.code == "below_taken"
    assert "zajętych jest już 2" in error.value.message
    assert not EventState.objects.filter(capacity_override__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="events.event.capacity_overridden")


@pytest.mark.parametrize(
    ("capacity", "reason", "code"),
    [
        (5, "", "reason_required"),
        (-1, "Powód.", "bad_capacity"),
        ("dużo", "Powód.", "bad_capacity"),
    ],
)
def test_capacity_override_bad_input_changes_nothing(podlaskie, capacity, reason, code):
    event = event_create(organiser="20", capacity=3)

    with pytest.raises(EventError) as error:
        event_capacity_override(
            event=event, actor=podlaskie, capacity=capacity, reason=reason
        )

    assert error.value.code == code
    assert not EventState.objects.filter(capacity_override__isnull=False).exists()


def test_capacity_override_by_another_voivodeship_is_refused():
    event = event_create(organiser="20", capacity=3)

    with pytest.raises(EventError) as error:
        event_capacity_override(
            event=event,
            actor=coordinator_create(scope="06"),
            capacity=10,
            reason="Powód.",
        )

    assert error.value.code == "forbidden"
    assert not EventState.objects.filter(capacity_override__isnull=False).exists()


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC),  # DST change
        datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC),  # DST change
        datetime.datetime(2026, 6, 15, 23, 30, tzinfo=datetime.UTC),
    ],
)
def test_walk_in_on_the_events_day_late_at_night(moment):
    """An event whose first day is 'today' in Warsaw at 23:30 UTC (already
    the next day there): a walk-in the evening before is accepted."""
    with time_machine.travel(moment, tick=False):
        coordinator = coordinator_create(scope="20")
        event = event_create(organiser="20", first_day=timezone.localdate())
        registration = registration_add(
            event=event,
            actor=coordinator,
            user=user_create(),
            channel=AddChannel.WALK_IN,
        )
    assert registration.status == Status.CONFIRMED
