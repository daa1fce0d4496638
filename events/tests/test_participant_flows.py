"""What a participant sees of their own registrations: the needs they gave,
and a cancellation that first says what is lost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ..models import Registration
from .factories import event_create, register, user_create

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _event():
    return event_create(
        days=2, first_day=timezone.localdate() + datetime.timedelta(days=30)
    )


def test_my_registrations_show_the_needs_given(client):
    event = _event()
    user = user_create()
    night = event.ordered_days[0].date
    register(
        event,
        user,
        nights=[night.isoformat()],
        meals=True,
        diet="vegetarian",
        diet_notes="bez orzechów",
        accessibility_needs="pętla indukcyjna",
    )
    client.force_login(user)

    html = client.get(reverse("events:my_registrations")).content.decode()

    assert "Noclegi" in html
    assert f"{night.day}/" in html
    assert "wegetariańska (bez orzechów)" in html
    assert "pętla indukcyjna" in html


def test_cancel_link_first_shows_what_is_lost_and_changes_nothing(client):
    event = _event()
    user = user_create()
    night = event.ordered_days[0].date
    registration = register(event, user, nights=[night.isoformat()], meals=True)
    client.force_login(user)

    response = client.get(reverse("events:registration_cancel", args=[registration.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rezygnacja z udziału" in html
    assert "stracisz miejsce" in html
    assert "Zarezerwowane noclegi" in html
    assert "Tak, rezygnuję" in html
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_confirming_cancels(client):
    registration = register(_event())
    client.force_login(registration.user)

    response = client.post(
        reverse("events:registration_cancel", args=[registration.pk]), follow=True
    )

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "Zgłoszenie anulowane." in response.content.decode()


def test_waiting_person_is_told_they_lose_their_place_in_the_queue(client):
    event = event_create(capacity=1)
    register(event)
    waiting = register(event)
    client.force_login(waiting.user)

    html = client.get(
        reverse("events:registration_cancel", args=[waiting.pk])
    ).content.decode()

    assert "liście rezerwowej" in html
    assert "Zarezerwowane noclegi" not in html


def test_someone_elses_cancellation_page_is_not_found(client):
    registration = register(_event())
    client.force_login(user_create())

    assert (
        client.get(
            reverse("events:registration_cancel", args=[registration.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("events:registration_cancel", args=[registration.pk])
        ).status_code
        == 404
    )
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
