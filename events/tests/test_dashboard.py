import datetime

import pytest
import time_machine
from django.urls import reverse

from szkola.accounts.tests.factories import mark_session_mfa

from ..dashboard import coordinator_dashboard
from ..models import Attendance, Registration
from ..services import event_cancel
from .factories import coordinator_create, event_create, register, user_create

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 11th


@pytest.fixture
def events():
    with time_machine.travel(NOW, tick=False):
        own = event_create(
            title="Podlaskie: szkolenie", organiser="20", approval_required=True
        )
        register(own)
        register(own)
        other = event_create(
            title="Podkarpackie: szkolenie", organiser="18", approval_required=True
        )
        register(other)
        macro = event_create(title="Konferencja makroregionalna", organiser="MR")
    return own, other, macro


def test_coordinator_sees_own_voivodeship_only(events):
    own, other, macro = events
    with time_machine.travel(NOW, tick=False):
        data = coordinator_dashboard(user=coordinator_create(scope="20"))
    assert [row.event.pk for row in data["upcoming"]] == [own.pk]
    row = data["upcoming"][0]
    assert (row.taken, row.pending, row.waiting) == (2, 2, 0)
    assert data["pending_total"] == 2


def test_leader_sees_all(events):
    with time_machine.travel(NOW, tick=False):
        data = coordinator_dashboard(user=coordinator_create(scope="MR"))
    assert {row.event.title for row in data["upcoming"]} == {
        "Podlaskie: szkolenie",
        "Podkarpackie: szkolenie",
        "Konferencja makroregionalna",
    }
    assert data["pending_total"] == 3


def test_cancelled_events_left_out(events):
    own, _other, _macro = events
    coordinator = coordinator_create(scope="20")
    with time_machine.travel(NOW, tick=False):
        event_cancel(event=own, actor=coordinator)
        data = coordinator_dashboard(user=coordinator)
    assert data["upcoming"] == [] and data["pending_total"] == 0


def test_days_waiting_for_attendance_closing():
    coordinator = coordinator_create(scope="20")
    # Held on 5–6 March; at 00:30 in Warsaw on 11 March it has waited 5 days.
    with time_machine.travel(datetime.datetime(2026, 3, 5, 8, tzinfo=datetime.UTC)):
        event = event_create(
            organiser="20",
            first_day=datetime.date(2026, 3, 5),
            opens_in_days=-20,
            closes_in_days=-1,
        )
    registration = Registration.objects.create(
        event=event, user=user_create(), status="confirmed", participant_name="A B"
    )
    day = event.ordered_days[0]
    Attendance.objects.create(registration=registration, day=day, method="list")
    other = event_create(organiser="18", first_day=datetime.date(2026, 3, 5))
    with time_machine.travel(NOW, tick=False):
        data = coordinator_dashboard(user=coordinator)
    assert [(row.event.pk, row.days_waiting) for row in data["unclosed"]] == [
        (event.pk, 5)
    ]
    assert other.pk not in [row.event.pk for row in data["unclosed"]]


def test_admin_home_shows_the_panel(client, events):
    own, other, _macro = events
    coordinator = coordinator_create(scope="20")
    client.force_login(coordinator)
    mark_session_mfa(client, coordinator)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Wydarzenia, które koordynuję" in page
    assert own.title in page
    assert other.title not in page
    assert reverse("events_messages:list", args=[own.pk]) in page
    # A coordinator sees no trainer's panel.
    assert "Moje kursy" not in page
