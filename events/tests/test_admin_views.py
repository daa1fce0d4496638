import datetime
import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ..models import Attendance, EventState, Registration
from ..services import registration_create
from .factories import coordinator_create, event_create, user_create

pytestmark = pytest.mark.django_db
Status = Registration.Status


def staff_login(client, user):
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp", "id": 1}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def coordinator(client):
    user = coordinator_create(scope="18")
    staff_login(client, user)
    return user


def register(event, **user_kwargs):
    return registration_create(event=event, user=user_create(**user_kwargs))[0]


def test_registrations_list_filters_by_status(client, coordinator):
    event = event_create(capacity=1)
    confirmed = register(event, last_name="Potwierdzona")
    waiting = register(event, last_name="Czekająca")

    response = client.get(
        reverse("events_admin:registrations", args=[event.pk]), {"status": "waitlisted"}
    )

    content = response.content.decode()
    assert waiting.participant_name in content
    assert confirmed.participant_name not in content


def test_bulk_approve(client, coordinator):
    event = event_create(approval_required=True)
    pending = [register(event), register(event)]

    client.post(
        reverse("events_admin:registrations", args=[event.pk]),
        {"action": "approve", "registration": [r.pk for r in pending]},
    )

    assert set(Registration.objects.values_list("status", flat=True)) == {
        Status.CONFIRMED
    }


def test_waitlist_move_up(client, coordinator):
    event = event_create(capacity=0)
    first, second = register(event), register(event)

    client.post(
        reverse("events_admin:registrations", args=[event.pk]),
        {"action": f"up-{second.pk}"},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.waitlist_rank < first.waitlist_rank


OUT_OF_SCOPE = "Nie koordynujesz wydarzeń tego organizatora"


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("registrations", "post", {"action": "approve"}),
        ("registrations", "post", {"action": "reject"}),
        ("registrations", "post", {"action": "up-waiting"}),
        ("registrations", "post", {"action": "cancel_event", "reason": "x"}),
        ("registrations", "post", {"action": "close"}),
        ("registrations", "get", {}),
        ("export", "get", {}),
        ("catering", "get", {"format": "xlsx"}),
        ("accommodation", "get", {"format": "xlsx"}),
        ("attendance", "get", {}),
        ("attendance_correct", "post", {"present": "1"}),
    ],
)
def test_coordinator_of_another_voivodeship_gets_a_message_and_changes_nothing(
    client, name, method, data
):
    staff_login(client, coordinator_create(scope="14"))
    event = event_create(organiser="18", approval_required=True, capacity=1)
    pending = register(event)
    waiting = register(event)
    data = {
        **data,
        "registration": [pending.pk, waiting.pk],
        "day": event.days.first().pk,
    }
    if data.get("action") == "up-waiting":
        data["action"] = f"up-{waiting.pk}"
    url = reverse(f"events_admin:{name}", args=[event.pk])

    response = getattr(client, method)(url, data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("events_admin:events")
    assert OUT_OF_SCOPE in response.content.decode()
    assert event.title not in response.content.decode()
    assert list(
        Registration.objects.order_by("pk").values_list("status", flat=True)
    ) == [Status.PENDING, Status.WAITLISTED]
    assert not Attendance.objects.exists()
    assert not EventState.objects.filter(cancelled_at__isnull=False).exists()


def test_participants_export_has_institutions_and_sectors(client, coordinator):
    event = event_create()
    register(event, institution_name="MOPS Krosno")

    response = client.get(reverse("events_admin:export", args=[event.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Uczestnicy", "Instytucje", "Sektory"]
    assert workbook["Uczestnicy"]["D2"].value == "MOPS Krosno"
    assert workbook["Sektory"]["B2"].value == 1


def test_catering_list_xlsx_per_day_with_diets(client, coordinator):
    event = event_create(days=2)
    registration_create(event=event, user=user_create(), diet="vegan")

    response = client.get(
        reverse("events_admin:catering", args=[event.pk]), {"format": "xlsx"}
    )

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


def test_catering_totals_follow_the_nights(client, coordinator):
    event = event_create(days=2)
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


def test_accommodation_xlsx_totals_per_night(client, coordinator):
    event = event_create(days=2)
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


def test_participants_export_neutralises_formulas(client, coordinator):
    event = event_create()
    register(event, institution_name='=HYPERLINK("http://x.example","klik")')

    response = client.get(reverse("events_admin:export", args=[event.pk]))

    sheet = load_workbook(io.BytesIO(response.content))["Uczestnicy"]
    assert sheet["D2"].value == '\'=HYPERLINK("http://x.example","klik")'
    assert sheet["D2"].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_accommodation_list_per_night(client, coordinator):
    event = event_create(days=2)
    registration_create(
        event=event, user=user_create(last_name="Nocna"), nights=[event.date_from]
    )

    content = client.get(
        reverse("events_admin:accommodation", args=[event.pk])
    ).content.decode()

    assert "Nocna" in content


def test_attendance_correction_is_recorded(client, coordinator):
    import datetime

    from django.utils import timezone

    event = event_create(
        first_day=timezone.localdate() - datetime.timedelta(days=3), closes_in_days=1
    )
    registration = register(event)
    day = event.days.order_by("date").first()

    client.post(
        reverse("events_admin:attendance_correct", args=[event.pk]),
        {"day": day.pk, "registration": registration.pk, "present": "1"},
    )

    attendance = Attendance.objects.get()
    assert (attendance.method, attendance.marked_by) == (
        Attendance.Method.CORRECTION,
        coordinator,
    )


def test_malformed_ids_change_nothing(client, coordinator):
    event = event_create(approval_required=True)
    pending = register(event)

    response = client.post(
        reverse("events_admin:registrations", args=[event.pk]),
        {"action": "approve", "registration": ["x"]},
        follow=True,
    )

    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_registrations_list_queries_stay_constant(client, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = event_create(capacity=2)
    register(event)
    url = reverse("events_admin:registrations", args=[event.pk])
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        register(event)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
