"""A participant deleting their account gives up the places they hold."""

import datetime

import pytest
from django.utils import timezone

from szkola.accounts.models import AuditEntry
from szkola.accounts.services import account_delete

from ..models import Registration
from ..services import registrations as registration_services
from ..services import registrations_release
from .factories import event_create, register, user_create

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_deleting_the_account_passes_the_place_to_the_first_waiting(
    django_capture_on_commit_callbacks,
):
    # Past the cancellation deadline the participant could not cancel, but a
    # deleted account must not keep a place nobody will take.
    event = event_create(
        capacity=1,
        cancellation_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    holder = register(event)
    first_waiting = register(event)
    second_waiting = register(event)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=holder.user)

    assert not Registration.objects.filter(pk=holder.pk).exists()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.status == Status.WAITLISTED
    assert AuditEntry.objects.filter(action="events.registration.released").count() == 1


def test_deleting_a_waiting_account_leaves_the_others_waiting_in_order():
    event = event_create(capacity=1)
    holder = register(event)
    leaving = register(event)
    staying = register(event)

    account_delete(user=leaving.user)

    holder.refresh_from_db()
    staying.refresh_from_db()
    assert holder.status == Status.CONFIRMED
    assert staying.status == Status.WAITLISTED


def test_places_of_past_events_are_not_touched():
    past = event_create(
        capacity=1,
        first_day=timezone.localdate() - datetime.timedelta(days=10),
        opens_in_days=-40,
        closes_in_days=-20,
    )
    holder = user_create()
    Registration.objects.create(
        event=past, user=holder, status=Status.CONFIRMED, voivodeship="18"
    )

    account_delete(user=holder)

    assert not AuditEntry.objects.filter(action="events.registration.released").exists()


def test_registration_rejected_before_the_lock_is_left_alone(monkeypatch):
    # A coordinator rejects the place between the release reading the list
    # and locking the event: the rejection stands and nobody is promoted.
    event = event_create(capacity=1)
    holder = register(event)
    waiting = register(event)
    real_lock = registration_services.event_lock

    def lock_after_a_rejection(*, event_id):
        Registration.objects.filter(pk=holder.pk).update(status=Status.REJECTED)
        return real_lock(event_id=event_id)

    monkeypatch.setattr(registration_services, "event_lock", lock_after_a_rejection)

    released = registrations_release(user=holder.user)

    assert released == 0
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Status.REJECTED
    assert holder.cancelled_at is None
    assert waiting.status == Status.WAITLISTED
    assert not AuditEntry.objects.filter(action="events.registration.released").exists()
