"""Free text has limits: too long is refused with a Polish message and
nothing is stored."""

import pytest
from django.urls import reverse

from ..errors import EventError
from ..forms import ACCESSIBILITY_NEEDS_MAX_LENGTH, RegistrationForm
from ..models import EventState, Registration
from ..services import event_cancel
from .factories import coordinator_create, event_create, staff_login, user_create

pytestmark = pytest.mark.django_db


def test_accessibility_needs_longer_than_the_limit_are_refused():
    event = event_create()
    form = RegistrationForm(
        data={
            "diet": "standard",
            "accessibility_needs": "x" * (ACCESSIBILITY_NEEDS_MAX_LENGTH + 1),
        },
        event=event,
    )

    assert not form.is_valid()
    assert "accessibility_needs" in form.errors


def test_cancelling_an_event_with_an_overlong_reason_changes_nothing():
    event = event_create(organiser="20")

    with pytest.raises(EventError) as error:
        event_cancel(
            event=event, actor=coordinator_create(scope="20"), reason="x" * 2001
        )

    assert error.value.code == "reason_too_long"
    assert not EventState.objects.filter(
        event=event, cancelled_at__isnull=False
    ).exists()


def test_desk_refuses_overlong_accessibility_needs_and_registers_no_one(client):
    event = event_create(organiser="20")
    person = user_create(email="jan.kowalski@gops.example.pl", voivodeship="20")
    staff_login(client, coordinator_create(scope="20"))

    response = client.post(
        reverse("events_admin:add", args=[event.pk]),
        {
            "channel": "walk_in",
            "email": person.email,
            "diet": "standard",
            "accessibility_needs": "x" * (ACCESSIBILITY_NEEDS_MAX_LENGTH + 1),
        },
    )

    assert response.status_code == 200
    assert "co najwyżej 1000 znaków" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_diet_notes_longer_than_255_characters_are_refused_in_both_forms(client):
    event = event_create(organiser="20")
    form = RegistrationForm(
        data={"diet": "standard", "diet_notes": "x" * 256}, event=event
    )
    assert not form.is_valid()
    assert "co najwyżej 255 znaków" in str(form.errors["diet_notes"])

    person = user_create(email="ewa.nowak@gops.example.pl", voivodeship="20")
    staff_login(client, coordinator_create(scope="20"))
    response = client.post(
        reverse("events_admin:add", args=[event.pk]),
        {
            "channel": "walk_in",
            "email": person.email,
            "diet": "standard",
            "diet_notes": "x" * 256,
        },
    )

    assert response.status_code == 200
    assert not Registration.objects.filter(event=event).exists()
