"""Who may use the registrations desk: a coordinator of another
voivodeship, the leader's team, a trainer, staff without the second factor,
malformed ids - refused or allowed, and nothing changes when refused."""

import pytest
from django.urls import reverse

from szkola.accounts.tests.factories import trainer_create

from ..models import Registration
from .desk import OUT_OF_SCOPE, snapshot, url
from .factories import (
    coordinator_create,
    event_create,
    register,
    staff_login,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


# --- who may ----------------------------------------------------------------------


def _every_request(event, pending, waiting):
    ids = {"registration": [pending.pk, waiting.pk]}
    return [
        ("get", url("registrations", event), {}),
        ("get", url("registrations_results", event), {}),
        ("get", url("registrations", event, "?export=xlsx"), {}),
        ("get", url("approve", event), ids),
        ("post", url("approve", event), ids),
        ("post", url("approve", event), {"only": pending.pk}),
        ("get", url("reject", event), ids),
        ("post", url("reject", event), {**ids, "reason": "Nie."}),
        ("get", url("cancel", event), ids),
        ("post", url("cancel", event), {**ids, "reason": "Nie."}),
        ("post", url("move", event), {"move": f"up-{waiting.pk}"}),
        ("get", url("add", event), {}),
        (
            "post",
            url("add", event),
            {"channel": "phone", "email": pending.user.email, "diet": "standard"},
        ),
        (
            "post",
            url("add", event),
            {
                "channel": "phone",
                "email": "nowy@example.org",
                "first_name": "A",
                "last_name": "B",
                "diet": "standard",
            },
        ),
        ("get", url("capacity", event), {}),
        ("post", url("capacity", event), {"capacity": "50", "reason": "x"}),
        ("get", url("cancel_event", event), {}),
        ("post", url("cancel_event", event), {"reason": "x"}),
        ("get", url("close_attendance", event), {}),
        ("post", url("close_attendance", event), {}),
        ("get", url("export", event), {}),
        ("get", url("catering", event, "?format=xlsx"), {}),
        ("get", url("accommodation", event, "?format=xlsx"), {}),
        ("get", url("attendance", event), {}),
        (
            "post",
            url("attendance_correct", event),
            {"registration": pending.pk, "day": event.days.first().pk, "present": "1"},
        ),
    ]


def test_coordinator_of_another_voivodeship_is_refused_everywhere_and_nothing_changes(
    client,
):
    staff_login(client, coordinator_create(scope="18"))
    event = event_create(organiser="20", approval_required=True, capacity=1)
    pending, waiting = register(event), register(event)
    before = snapshot()

    for method, address, data in _every_request(event, pending, waiting):
        response = getattr(client, method)(address, data, follow=True)
        content = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("events_admin:events"), (
            method,
            address,
        )
        assert OUT_OF_SCOPE in content, (method, address)
        assert event.title not in content, (method, address)

    assert snapshot() == before


def test_another_voivodeships_ids_posted_to_own_event_change_nothing(
    client, desk_coordinator
):
    own = event_create(organiser="20", approval_required=True)
    theirs = event_create(organiser="18", approval_required=True, capacity=1)
    pending, waiting = register(theirs), register(theirs)
    before = snapshot()

    for data in (
        {"registration": [pending.pk]},
        {"only": pending.pk},
        {"registration": [pending.pk], "reason": "x"},
    ):
        for name in ("approve", "reject", "cancel"):
            response = client.post(url(name, own), data, follow=True)
            assert response.status_code == 200
    client.post(url("move", own), {"move": f"up-{waiting.pk}"}, follow=True)

    assert snapshot() == before


def test_leaders_team_acts_on_a_voivodeships_event(client):
    staff_login(client, coordinator_create(scope="MR"))
    event = event_create(organiser="20", approval_required=True)
    pending = register(event)

    assert client.get(url("registrations", event)).status_code == 200
    client.post(url("approve", event), {"only": pending.pk})

    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED


def test_trainer_reaches_no_desk_page_and_changes_nothing(client):
    staff_login(client, trainer_create())
    event = event_create(organiser="20", approval_required=True, capacity=1)
    pending, waiting = register(event), register(event)
    before = snapshot()

    assert client.get(reverse("events_admin:events")).status_code in (302, 403)
    assert client.get(reverse("registration_desk:index")).status_code in (302, 403)
    for method, address, data in _every_request(event, pending, waiting):
        response = getattr(client, method)(address, data)
        assert response.status_code in (302, 403), (method, address)
        if response.status_code == 302:
            assert "/wydarzenia/" not in response["Location"], (method, address)

    assert snapshot() == before


def test_staff_without_second_factor_is_sent_to_it(client):
    user = coordinator_create(scope="20")
    client.force_login(user)
    event = event_create(organiser="20", approval_required=True)
    pending = register(event)

    response = client.post(url("approve", event), {"only": pending.pk})

    assert response.status_code in (302, 403)
    assert Registration.objects.get().status == Status.PENDING


def test_malformed_ids_change_nothing(client, desk_coordinator):
    event = event_create(organiser="20", approval_required=True)
    register(event)
    before = snapshot()

    for name in ("approve", "reject", "cancel"):
        response = client.post(
            url(name, event), {"registration": ["x", "1e9"], "reason": "x"}, follow=True
        )
        assert response.status_code == 200
    response = client.post(url("move", event), {"move": "up-abc"}, follow=True)
    assert response.status_code == 200
    response = client.post(url("capacity", event), {"capacity": "dużo", "reason": "x"})
    assert response.status_code == 200

    assert snapshot() == before
