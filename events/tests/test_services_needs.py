"""registration_needs_update: the participant changes nights, meals, diet and
accessibility needs while registration is open, and nothing else."""

import datetime

import pytest
from django.utils import timezone

from szkola.accounts.models import AuditEntry

from ..errors import EventError
from ..models import EventPage, Registration
from ..services import event_cancel, registration_cancel
from ..services.needs import registration_needs_update
from .factories import coordinator_create, event_create, register, user_create

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _event(**fields):
    event = event_create(
        days=2, first_day=timezone.localdate() + datetime.timedelta(days=30)
    )
    if fields:
        # What an editor would publish: the factory offers both by default.
        EventPage.objects.filter(pk=event.pk).update(**fields)
        event = EventPage.objects.get(pk=event.pk)
    return event


def _needs(registration):
    registration.refresh_from_db()
    return (
        registration.nights,
        registration.meals,
        registration.diet,
        registration.diet_notes,
        registration.accessibility_needs,
    )


def test_owner_changes_the_needs_and_keeps_the_place():
    event = _event()
    first = event.date_from
    eve = first - datetime.timedelta(days=1)
    registration = register(event, nights=[first.isoformat()], diet="standard")

    registration_needs_update(
        registration=registration,
        actor=registration.user,
        nights=[first.isoformat(), eve.isoformat()],
        meals=True,
        diet="vegan",
        diet_notes="  bez soi ",
        accessibility_needs="tłumacz PJM",
    )

    assert _needs(registration) == (
        [eve.isoformat(), first.isoformat()],
        True,
        "vegan",
        "bez soi",
        "tłumacz PJM",
    )
    assert registration.status == Status.CONFIRMED
    entry = AuditEntry.objects.get(action="events.registration.needs_changed")
    assert entry.actor == registration.user
    assert sorted(entry.data["fields"]) == [
        "accessibility_needs",
        "diet",
        "diet_notes",
        "nights",
    ]
    # Health data stays out of the audit log.
    assert "vegan" not in str(entry.data)
    assert "PJM" not in str(entry.data)


def test_the_night_before_the_first_day_may_be_added():
    event = _event()
    eve = event.date_from - datetime.timedelta(days=1)
    registration = register(event)

    registration_needs_update(
        registration=registration, actor=registration.user, nights=[eve]
    )

    assert _needs(registration)[0] == [eve.isoformat()]


def test_a_night_the_event_does_not_offer_is_refused_and_nothing_changes():
    event = _event()
    registration = register(event, diet="vegetarian")
    before = _needs(registration)

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration,
            actor=registration.user,
            nights=[event.date_to.isoformat()],
            diet="vegan",
        )

    assert error.value.code == "bad_nights"
    assert _needs(registration) == before
    assert not AuditEntry.objects.filter(
        action="events.registration.needs_changed"
    ).exists()


def test_nights_are_refused_when_the_event_offers_no_accommodation():
    event = _event(accommodation_offered=False)
    registration = register(event)

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration,
            actor=registration.user,
            nights=[(event.date_from - datetime.timedelta(days=1)).isoformat()],
        )

    assert error.value.code == "bad_nights"


def test_a_malformed_night_is_refused():
    registration = register(_event())

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration, actor=registration.user, nights=["jutro"]
        )

    assert error.value.code == "bad_nights"


def test_an_unknown_diet_is_refused():
    registration = register(_event())

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration, actor=registration.user, diet="paleo"
        )

    assert error.value.code == "bad_diet"


def test_meals_stay_off_when_the_event_offers_none():
    registration = register(_event(meals_offered=False))

    registration_needs_update(
        registration=registration, actor=registration.user, meals=True
    )

    assert _needs(registration)[1] is False


def test_someone_else_may_not_change_them():
    registration = register(_event(), diet="vegetarian")
    before = _needs(registration)

    for actor in (user_create(), coordinator_create(scope="18")):
        with pytest.raises(EventError) as error:
            registration_needs_update(
                registration=registration, actor=actor, diet="vegan"
            )
        assert error.value.code == "forbidden"

    assert _needs(registration) == before


def test_refused_once_registration_has_closed():
    event = _event()
    registration = register(event)
    EventPage.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration, actor=registration.user, diet="vegan"
        )

    assert error.value.code == "closed"
    assert "zamknięte" in error.value.message
    assert _needs(registration)[2] == "standard"


def test_refused_for_a_cancelled_registration():
    registration = register(_event())
    registration_cancel(registration=registration, actor=registration.user)

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration, actor=registration.user, diet="vegan"
        )

    assert error.value.code == "not_active"


def test_refused_once_the_event_is_called_off():
    event = _event()
    registration = register(event)
    event_cancel(event=event, actor=coordinator_create(scope="18"))

    with pytest.raises(EventError) as error:
        registration_needs_update(
            registration=registration, actor=registration.user, diet="vegan"
        )

    # The registration was cancelled with the event.
    assert error.value.code in ("not_active", "event_cancelled")


def test_a_waiting_person_may_change_them_and_keeps_their_turn():
    event = event_create(capacity=1)
    register(event)
    waiting = register(event)
    rank = waiting.waitlist_rank

    registration_needs_update(
        registration=waiting, actor=waiting.user, diet="gluten_free"
    )

    waiting.refresh_from_db()
    assert (waiting.status, waiting.waitlist_rank, waiting.diet) == (
        Status.WAITLISTED,
        rank,
        "gluten_free",
    )


def test_same_answers_write_no_audit_entry():
    registration = register(_event(), diet="vegan", meals=True)

    registration_needs_update(
        registration=registration, actor=registration.user, diet="vegan", meals=True
    )

    assert not AuditEntry.objects.filter(
        action="events.registration.needs_changed"
    ).exists()
