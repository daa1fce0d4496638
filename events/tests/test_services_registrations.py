import datetime

import pytest
from django.core import mail
from django.utils import timezone

from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from ..errors import EventError
from ..models import Registration
from ..services import (
    event_cancel,
    registration_cancel,
    registration_create,
    registrations_decide,
    waitlist_move,
)
from .factories import coordinator_create, event_create, register, user_create

pytestmark = pytest.mark.django_db(transaction=False)
Status = Registration.Status


def test_registration_confirms_while_places_last(django_capture_on_commit_callbacks):
    event = event_create(capacity=2)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)

    assert registration.status == Status.CONFIRMED
    assert registration.institution_name == "GOPS Zagórz"
    assert registration.voivodeship == "18"


def test_confirmation_email_is_polish_with_ics(django_capture_on_commit_callbacks):
    event = event_create(capacity=2, title="Szkolenie w Łańcucie")

    with django_capture_on_commit_callbacks(execute=True):
        register(event)

    message = mail.outbox[-1]
    assert "Miejsce potwierdzone" in message.subject
    assert "Łańcucie" in message.body
    part = message.attachments[0]
    assert part.get_content_type() == "text/calendar"
    assert "BEGIN:VEVENT" in part.get_payload(decode=True).decode()


def test_registration_stores_notification_and_audit_entry():
    event = event_create()
    user = user_create()

    registration = register(event, user)

    assert Notification.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(
        action="events.registration.created", object_id=str(registration.pk)
    ).exists()


def test_full_event_puts_people_on_the_waiting_list():
    event = event_create(capacity=1)
    register(event)

    second = register(event)

    assert second.status == Status.WAITLISTED


def test_waitlist_email_has_no_ics(django_capture_on_commit_callbacks):
    event = event_create(capacity=0)

    with django_capture_on_commit_callbacks(execute=True):
        register(event)

    assert mail.outbox[-1].attachments == []


def test_full_event_without_waitlist_consent_is_refused_and_stores_nothing():
    event = event_create(capacity=1)
    register(event)

    with pytest.raises(EventError) as error:
        register(event, accept_waitlist=False)

    assert error.value.code == "full"
    assert Registration.objects.filter(event=event).count() == 1


def test_approval_required_makes_registration_pending():
    event = event_create(approval_required=True)

    assert register(event).status == Status.PENDING


def test_registering_twice_returns_the_existing_registration():
    event = event_create()
    user = user_create()
    first = register(event, user)

    again, created = registration_create(event=event, user=user)

    assert (again.pk, created) == (first.pk, False)
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"opens_in_days": -10, "closes_in_days": -1}, "closed"),
        ({"opens_in_days": 2, "closes_in_days": 10}, "not_open"),
    ],
)
def test_registration_outside_the_window_is_refused(fields, code):
    event = event_create(**fields)

    with pytest.raises(EventError) as error:
        register(event)

    assert error.value.code == code
    assert not Registration.objects.exists()


def test_registration_beyond_the_quota_is_refused():
    event = event_create(capacity=10, quotas={"18": 1})
    register(event, user_create(voivodeship="18"))

    with pytest.raises(EventError) as error:
        register(event, user_create(voivodeship="18"))

    assert error.value.code == "quota"
    assert Registration.objects.filter(event=event).count() == 1


def test_quota_leaves_other_voivodeships_free():
    event = event_create(capacity=10, quotas={"18": 1})
    register(event, user_create(voivodeship="18"))

    other = register(event, user_create(voivodeship="06"))

    assert other.status == Status.CONFIRMED


def test_registration_for_a_cancelled_event_is_refused():
    event = event_create()
    event_cancel(event=event, actor=coordinator_create(scope="18"))

    with pytest.raises(EventError) as error:
        register(event)

    assert error.value.code == "event_cancelled"


def test_incomplete_profile_is_refused():
    event = event_create()
    user = user_create(institution_name="")

    with pytest.raises(EventError) as error:
        register(event, user)

    assert error.value.code == "profile_incomplete"


def test_nights_outside_the_event_are_refused():
    event = event_create(days=2)

    with pytest.raises(EventError) as error:
        register(event, nights=[event.date_to.isoformat()])

    assert error.value.code == "bad_nights"


def test_nights_before_each_day_are_accepted():
    event = event_create(days=2)
    eve = event.date_from - datetime.timedelta(days=1)

    registration = register(event, nights=[eve.isoformat(), event.date_from])

    assert registration.nights == [eve.isoformat(), event.date_from.isoformat()]


def test_cancelling_promotes_the_first_waiting(django_capture_on_commit_callbacks):
    event = event_create(capacity=1)
    holder = register(event)
    first_waiting = register(event)
    second_waiting = register(event)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holder, actor=holder.user)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.status == Status.WAITLISTED
    assert any(
        "Miejsce potwierdzone" in m.subject and m.to == [first_waiting.user.email]
        for m in mail.outbox
    )


def test_participant_cannot_cancel_after_the_deadline():
    event = event_create(
        cancellation_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    registration = register(event)

    with pytest.raises(EventError) as error:
        registration_cancel(registration=registration, actor=registration.user)

    assert error.value.code == "cancel_deadline"
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancelled_participant_may_register_again():
    event = event_create()
    user = user_create()
    registration = register(event, user)
    registration_cancel(registration=registration, actor=user)

    again, created = registration_create(event=event, user=user)

    assert created and again.pk == registration.pk
    assert again.status == Status.CONFIRMED


def test_coordinator_approves_many_pending():
    event = event_create(approval_required=True)
    pending = [register(event), register(event)]

    changed = registrations_decide(
        event=event,
        registration_ids=[r.pk for r in pending],
        actor=coordinator_create(scope="18"),
        approve=True,
    )

    assert changed == 2
    assert set(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    ) == {Status.CONFIRMED}


def test_rejecting_a_held_place_promotes_the_first_waiting():
    event = event_create(capacity=1)
    holder = register(event)
    waiting = register(event)

    registrations_decide(
        event=event,
        registration_ids=[holder.pk],
        actor=coordinator_create(scope="MR"),
        approve=False,
    )

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_coordinator_of_another_voivodeship_changes_nothing():
    event = event_create(approval_required=True, organiser="18")
    pending = register(event)

    with pytest.raises(EventError) as error:
        registrations_decide(
            event=event,
            registration_ids=[pending.pk],
            actor=coordinator_create(scope="06"),
            approve=True,
        )

    assert error.value.code == "forbidden"
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_voivodeship_coordinator_cannot_act_on_macroregional_event():
    event = event_create(organiser="MR")
    registration = register(event)

    with pytest.raises(EventError) as error:
        registration_cancel(
            registration=registration, actor=coordinator_create(scope="18")
        )

    assert error.value.code == "forbidden"


def test_waitlist_move_changes_the_order_of_promotion():
    event = event_create(capacity=1)
    holder = register(event)
    first = register(event)
    second = register(event)
    coordinator = coordinator_create(scope="18")

    waitlist_move(registration=second, actor=coordinator, up=True)
    registration_cancel(registration=holder, actor=holder.user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, first.status) == (Status.CONFIRMED, Status.WAITLISTED)


def test_event_cancel_cancels_every_active_registration():
    event = event_create(capacity=1)
    register(event)
    register(event)

    count = event_cancel(event=event, actor=coordinator_create(scope="18"))

    assert count == 2
    assert set(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    ) == {Status.CANCELLED}
