"""The coordinator's check-in pages and the attendance list: who may open
them, ticking people off by list, code and QR, and the queries they cost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ..models import Attendance, Registration
from ..services import checkin_token
from .factories import (
    coordinator_create,
    event_create,
    register,
    staff_login,
    user_create,
)

# Events of today and check-ins at "now": at noon, whatever the hour
# (conftest.midday_today).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday_today")]
Status = Registration.Status


def today_event(**kwargs):
    return event_create(first_day=timezone.localdate(), closes_in_days=1, **kwargs)


def test_checkin_page_lists_and_ticks(client):
    event = today_event()
    registration = register(event)
    coordinator = coordinator_create(scope="18")
    staff_login(client, coordinator)
    day = event.days.order_by("date").first()
    url = reverse("events:checkin_day", args=[day.pk])

    assert registration.participant_name in client.get(url).content.decode()
    client.post(url, {"registration": registration.pk, "present": "1"})

    assert Attendance.objects.get().method == Attendance.Method.LIST


def test_checkin_by_manual_code(client):
    event = today_event()
    registration = register(event)
    staff_login(client, coordinator_create(scope="18"))
    day = event.days.order_by("date").first()

    client.post(
        reverse("events:checkin_code", args=[day.pk]),
        {"code": checkin_token(registration=registration)},
    )

    assert Attendance.objects.get().method == Attendance.Method.MANUAL


def test_forged_code_shows_message(client):
    event = today_event()
    register(event)
    staff_login(client, coordinator_create(scope="18"))
    day = event.days.order_by("date").first()

    response = client.post(
        reverse("events:checkin_code", args=[day.pk]), {"code": "abc:def"}, follow=True
    )

    assert "Ten kod nie jest ważny dla tego wydarzenia." in response.content.decode()
    assert not Attendance.objects.exists()


def test_checkin_page_of_another_voivodeship_is_forbidden(client):
    event = today_event(organiser="18")
    staff_login(client, coordinator_create(scope="26"))

    response = client.get(
        reverse("events:checkin_day", args=[event.days.order_by("date").first().pk])
    )

    assert response.status_code == 403
    assert "tylko wydarzenia swojego województwa" in response.content.decode()


def test_checkin_post_by_coordinator_of_another_voivodeship_changes_nothing(client):
    event = today_event(organiser="18")
    registration = register(event)
    staff_login(client, coordinator_create(scope="26"))
    day = event.days.order_by("date").first()

    response = client.post(
        reverse("events:checkin_day", args=[day.pk]),
        {"registration": registration.pk, "present": "1"},
    )

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_participant_cannot_open_checkin(client):
    event = today_event()
    client.force_login(user_create())

    response = client.get(
        reverse("events:checkin_day", args=[event.days.order_by("date").first().pk])
    )

    assert response.status_code == 403


def test_attendance_list_pdf(client):
    from io import BytesIO

    from pypdf import PdfReader

    event = event_create(first_day=timezone.localdate() - datetime.timedelta(days=1))
    Registration.objects.all().delete()
    staff_login(client, coordinator_create(scope="18"))
    register_event = event_create(first_day=timezone.localdate())
    registration = register(register_event, user_create(last_name="Źdźbło"))
    day = register_event.days.first()

    response = client.get(reverse("events:attendance_pdf", args=[day.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Lista obecności" in text
    assert registration.participant_name in text
    assert "Podpis" in text
    assert event.pk


def test_checkin_on_a_day_that_is_not_today_shows_message(client):
    event = event_create(first_day=timezone.localdate() + datetime.timedelta(days=2))
    registration = register(event)
    staff_login(client, coordinator_create(scope="18"))
    day = event.days.order_by("date").first()

    response = client.post(
        reverse("events:checkin_day", args=[day.pk]),
        {"registration": registration.pk, "present": "1"},
        follow=True,
    )

    assert "tylko w dniu wydarzenia" in response.content.decode()
    assert not Attendance.objects.exists()


def test_checkin_with_a_malformed_id_is_not_found(client):
    event = today_event()
    staff_login(client, coordinator_create(scope="18"))
    day = event.days.order_by("date").first()

    response = client.post(
        reverse("events:checkin_day", args=[day.pk]),
        {"registration": "abc", "present": "1"},
    )

    assert response.status_code == 404


def test_checkin_list_queries_stay_constant(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..services import checkin

    event = today_event(capacity=20)
    coordinator = coordinator_create(scope="18")
    staff_login(client, coordinator)
    day = event.days.order_by("date").first()
    url = reverse("events:checkin_day", args=[day.pk])
    checkin(day=day, actor=coordinator, registration=register(event))
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        checkin(day=day, actor=coordinator, registration=register(event))
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_coordinator_without_second_factor_is_sent_to_confirm_it(client):
    event = today_event()
    client.force_login(coordinator_create(scope="18"))

    response = client.get(
        reverse("events:checkin_day", args=[event.days.order_by("date").first().pk])
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/")
