"""The desk's catering, accommodation and participants lists and exports,
the attendance correction and the event list's filters, signed in as a
coordinator of podlaskie."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ..models import Attendance, Registration
from ..services import registration_create
from .desk import url
from .factories import (
    event_create,
    register,
    user_create,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


# --- lists kept from before ----------------------------------------------------------


def test_catering_list_xlsx_per_day_with_diets(client, desk_coordinator):
    event = event_create(organiser="20", days=2)
    registration_create(event=event, user=user_create(), diet="vegan")

    response = client.get(url("catering", event, "?format=xlsx"))

    workbook = load_workbook(io.BytesIO(response.content))
    first, second = (d.strftime("%d.%m.%Y") for d in (event.date_from, event.date_to))
    assert workbook.sheetnames == ["Podsumowanie", first, second]
    assert workbook[first]["C2"].value == "wegańska"
    summary = workbook["Podsumowanie"]
    assert [c.value for c in summary[1]] == ["Dzień", "Posiłek", "wegańska", "Razem"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    # No nights booked: lunch each day, no breakfast or supper.
    assert [r[1:] for r in rows] == [
        ["śniadanie", 0, 0],
        ["obiad", 1, 1],
        ["kolacja", 0, 0],
    ] * 2
    assert rows[0][0].date() == event.date_from


def test_catering_totals_follow_the_nights(client, desk_coordinator):
    event = event_create(organiser="20", days=2)
    registration_create(
        event=event,
        user=user_create(),
        diet="vegetarian",
        nights=[event.date_from],  # the night between the two days
    )
    registration_create(event=event, user=user_create(), diet="standard")

    response = client.get(
        reverse("events_admin:catering", args=[event.pk]), {"format": "xlsx"}
    )

    summary = load_workbook(io.BytesIO(response.content))["Podsumowanie"]
    assert [c.value for c in summary[1]] == [
        "Dzień",
        "Posiłek",
        "tradycyjna",
        "wegetariańska",
        "Razem",
    ]
    rows = [[c.value for c in row][1:] for row in summary.iter_rows(min_row=2)]
    assert rows == [
        ["śniadanie", 0, 0, 0],
        ["obiad", 1, 1, 2],
        ["kolacja", 0, 1, 1],
        ["śniadanie", 0, 1, 1],
        ["obiad", 1, 1, 2],
        ["kolacja", 0, 0, 0],
    ]


def test_accommodation_xlsx_totals_per_night(client, desk_coordinator):
    event = event_create(organiser="20", days=2)
    eve = event.date_from - datetime.timedelta(days=1)
    registration_create(event=event, user=user_create(), nights=[eve, event.date_from])
    registration_create(event=event, user=user_create(), nights=[event.date_from])

    response = client.get(
        reverse("events_admin:accommodation", args=[event.pk]), {"format": "xlsx"}
    )

    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook["Podsumowanie"]
    assert [[c.value for c in row] for row in summary.iter_rows(min_row=2)][:2] == [
        [datetime.datetime.combine(eve, datetime.time()), 1],
        [
            datetime.datetime.combine(event.date_from, datetime.time()),
            2,
        ],
    ]
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref == "A1:B3"


def test_participants_export_neutralises_formulas(client, desk_coordinator):
    event = event_create(organiser="20")
    register(
        event, user_create(institution_name='=HYPERLINK("http://x.example","klik")')
    )

    response = client.get(reverse("events_admin:export", args=[event.pk]))

    sheet = load_workbook(io.BytesIO(response.content))["Uczestnicy"]
    assert sheet["D2"].value == '\'=HYPERLINK("http://x.example","klik")'
    assert sheet["D2"].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_attendance_correction_is_recorded(client, desk_coordinator):
    event = event_create(
        organiser="20",
        first_day=timezone.localdate() - datetime.timedelta(days=3),
        closes_in_days=1,
    )
    registration = register(event)
    day = event.days.order_by("date").first()

    client.post(
        url("attendance_correct", event),
        {"day": day.pk, "registration": registration.pk, "present": "1"},
    )

    attendance = Attendance.objects.get()
    assert (attendance.method, attendance.marked_by) == (
        Attendance.Method.CORRECTION,
        desk_coordinator,
    )


def test_event_list_search_and_filters(client, desk_coordinator):
    event_create(organiser="20", title="Animator w Białymstoku")
    event_create(organiser="20", title="Inne spotkanie")

    found = client.get(
        reverse("events_admin:events_results"),
        {"q": "Anim", "when": "upcoming", "organiser": "20"},
    ).content.decode()

    assert "Animator w Białymstoku" in found
    assert "Inne spotkanie" not in found


def test_all_registrations_with_a_nonsense_event_filter_is_not_an_error(
    client, desk_coordinator
):
    response = client.get(
        reverse("registration_desk:index"), {"q": "x", "event": "99999999999999"}
    )

    assert response.status_code == 200
