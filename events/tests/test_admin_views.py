"""The registrations desk over HTTP, signed in (with the second factor) as a
coordinator of podlaskie: its lists and its actions."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from szkola.accounts.models import User

from ..models import Attendance, EventState, Registration
from .desk import snapshot, url
from .factories import (
    event_create,
    register,
    user_create,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


# --- lists ----------------------------------------------------------------------


def test_event_list_shows_only_events_in_scope_and_organiser_filter_is_scoped(
    client, desk_coordinator
):
    event_create(title="Szkolenie białostockie", organiser="20")
    event_create(title="Szkolenie rzeszowskie", organiser="18")

    content = client.get(reverse("events_admin:events")).content.decode()

    assert "Szkolenie białostockie" in content
    assert "Szkolenie rzeszowskie" not in content
    assert 'value="20"' in content
    assert 'value="18"' not in content


def test_all_registrations_list_is_scoped_and_its_filters_too(client, desk_coordinator):
    mine = register(event_create(organiser="20"), user_create(last_name="Moja"))
    theirs_event = event_create(organiser="18")
    register(theirs_event, user_create(last_name="Cudza"))

    response = client.get(reverse("registration_desk:index"))
    content = response.content.decode()

    assert mine.participant_name in content
    assert "Cudza" not in content
    # The organiser filter lists the voivodeships in scope only.
    assert 'value="20"' in content and 'value="18"' not in content
    # An event of another organiser is no valid filter value: no rows leak.
    leak = client.get(
        reverse("registration_desk:index"), {"event": theirs_event.pk}
    ).content.decode()
    assert "Cudza" not in leak


def test_desk_filters_by_status(client, desk_coordinator):
    event = event_create(organiser="20", capacity=1)
    confirmed = register(event, user_create(last_name="Potwierdzona"))
    waiting = register(event, user_create(last_name="Czekająca"))

    content = client.get(url("registrations", event, "?status=waitlisted")).content
    content = content.decode()

    assert waiting.participant_name in content
    assert confirmed.participant_name not in content


def test_desk_voivodeship_filter_lists_only_participants_voivodeships(
    client, desk_coordinator
):
    event = event_create(organiser="20")
    register(event, user_create(voivodeship="20"))

    content = client.get(url("registrations", event)).content.decode()

    assert "podlaskie</option>" in content
    assert "mazowieckie</option>" not in content


def test_desk_export_is_formula_safe(client, desk_coordinator):
    event = event_create(organiser="20")
    register(event, user_create(institution_name='=HYPERLINK("http://x")'))
    register(event, user_create(institution_name="+48 GOPS"))

    xlsx = client.get(url("registrations", event, "?export=xlsx"))
    sheet = load_workbook(
        io.BytesIO(
            b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.getvalue()
        )
    ).active
    institutions = sorted(c.value for c in sheet["D"][1:])
    assert institutions == ["'+48 GOPS", '\'=HYPERLINK("http://x")']
    assert sheet["A1"].value == "Imię i nazwisko"

    response = client.get(url("registrations", event, "?export=csv"))
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert content.startswith("\ufeff".encode())  # BOM: Polish Excel reads UTF-8
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert {rows[1][3], rows[2][3]} == {"'+48 GOPS", '\'=HYPERLINK("http://x")'}


def test_participants_xlsx_export_is_formula_safe(client, desk_coordinator):
    event = event_create(organiser="20")
    register(event, user_create(institution_name="@SUMA(A1)"))

    response = client.get(url("export", event))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Uczestnicy"]["D2"].value == "'@SUMA(A1)"
    assert workbook["Uczestnicy"]["D2"].data_type == "s"


def test_desk_queries_stay_constant(client, desk_coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = event_create(organiser="20", capacity=2)
    register(event)
    client.get(url("registrations", event))

    with CaptureQueriesContext(connection) as few:
        client.get(url("registrations", event))
    for _ in range(5):
        register(event)
    with CaptureQueriesContext(connection) as many:
        client.get(url("registrations", event))

    assert len(many) == len(few)


# --- actions ----------------------------------------------------------------------


def test_bulk_approve_shows_a_summary_then_approves_on_post(client, desk_coordinator):
    event = event_create(organiser="20", approval_required=True)
    pending = [register(event), register(event)]
    query = "?" + "&".join(f"registration={r.pk}" for r in pending)

    summary = client.get(url("approve", event, query)).content.decode()
    assert all(r.participant_name in summary for r in pending)
    assert set(Registration.objects.values_list("status", flat=True)) == {
        Status.PENDING
    }

    client.post(url("approve", event), {"registration": [r.pk for r in pending]})

    assert set(Registration.objects.values_list("status", flat=True)) == {
        Status.CONFIRMED
    }


def test_row_approve(client, desk_coordinator):
    event = event_create(organiser="20", approval_required=True)
    pending, other = register(event), register(event)

    client.post(url("approve", event), {"only": pending.pk})

    assert list(
        Registration.objects.order_by("pk").values_list("status", flat=True)
    ) == [Status.CONFIRMED, Status.PENDING]
    assert other.pk


def test_reject_confirmation_then_reject_with_reason_sent_to_participant(
    client, desk_coordinator, django_capture_on_commit_callbacks
):
    event = event_create(organiser="20", approval_required=True)
    registration = register(event)

    page = client.get(url("reject", event, f"?only={registration.pk}"))
    assert registration.participant_name in page.content.decode()
    assert Registration.objects.get().status == Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("reject", event),
            {"registration": [registration.pk], "reason": "Brak wymaganego stażu."},
        )

    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert registration.decision_reason == "Brak wymaganego stażu."
    assert any("Brak wymaganego stażu." in m.body for m in mail.outbox)


def test_reject_without_reason_shows_message_and_changes_nothing(
    client, desk_coordinator
):
    event = event_create(organiser="20", approval_required=True)
    registration = register(event)

    response = client.post(
        url("reject", event), {"registration": [registration.pk], "reason": " "}
    )

    assert response.status_code == 200
    assert "Podaj uzasadnienie." in response.content.decode()
    assert Registration.objects.get().status == Status.PENDING


def test_cancel_registration_by_coordinator(client, desk_coordinator):
    event = event_create(organiser="20")
    registration = register(event)

    client.post(
        url("cancel", event),
        {"registration": [registration.pk], "reason": "Rezygnacja telefoniczna."},
    )

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_waitlist_move_up(client, desk_coordinator):
    event = event_create(organiser="20", capacity=0)
    first, second = register(event), register(event)

    client.post(url("move", event), {"move": f"up-{second.pk}"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.waitlist_rank < first.waitlist_rank


def test_cancel_event_confirmation_lists_the_people_then_cancels(
    client, desk_coordinator
):
    event = event_create(organiser="20")
    registration = register(event)

    summary = client.get(url("cancel_event", event)).content.decode()
    assert registration.participant_name in summary
    assert not EventState.objects.filter(cancelled_at__isnull=False).exists()

    client.post(url("cancel_event", event), {"reason": "Choroba prowadzącego."})

    state = EventState.objects.get(event=event)
    assert state.cancelled_at and state.cancellation_reason == "Choroba prowadzącego."


def test_close_attendance_confirmation_then_close(client, desk_coordinator):
    event = event_create(
        organiser="20",
        days=1,
        first_day=timezone.localdate() - datetime.timedelta(days=2),
        opens_in_days=-20,
        closes_in_days=-3,
    )
    registration = register(event, now=timezone.now() - datetime.timedelta(days=5))
    Attendance.objects.create(
        registration=registration,
        day=event.days.get(),
        present=True,
        method=Attendance.Method.LIST,
    )

    summary = client.get(url("close_attendance", event)).content.decode()
    assert f"{registration.participant_name} — ukończy" in summary
    registration.refresh_from_db()
    assert registration.completed_at is None

    client.post(url("close_attendance", event))

    registration.refresh_from_db()
    assert registration.completed_at is not None


def test_add_walk_in_for_an_existing_account(client, desk_coordinator):
    event = event_create(organiser="20")
    person = user_create(email="jan.kowalski@gops.example.pl", voivodeship="20")

    response = client.post(
        url("add", event),
        {
            "channel": "walk_in",
            "email": "JAN.KOWALSKI@gops.example.pl",
            "meals": "on",
            "diet": "vegetarian",
            "accessibility_needs": "pętla indukcyjna",
        },
    )

    assert response.status_code == 302
    registration = Registration.objects.get(user=person)
    assert registration.status == Status.CONFIRMED
    assert registration.diet == "vegetarian"
    assert registration.added_by == desk_coordinator


def test_add_by_phone_creates_an_account_with_an_invitation(
    client, desk_coordinator, django_capture_on_commit_callbacks
):
    event = event_create(organiser="20")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("add", event),
            {
                "channel": "phone",
                "email": "nowa.osoba@ops.example.pl",
                "first_name": "Ewa",
                "last_name": "Nowicka",
                "institution_name": "OPS Hajnówka",
                "voivodeship": "20",
                "diet": "standard",
            },
        )

    person = User.objects.get(email="nowa.osoba@ops.example.pl")
    assert not person.has_usable_password()
    assert person.profile.institution_name == "OPS Hajnówka"
    assert Registration.objects.get(user=person).status == Status.CONFIRMED
    invitation = next(m for m in mail.outbox if "Zaproszenie" in m.subject)
    assert "/konto/password/reset/key/" in invitation.body
    # The link works: allauth's reset page accepts its key.
    link = next(line for line in invitation.body.splitlines() if "/key/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()


def test_add_without_account_and_without_name_changes_nothing(client, desk_coordinator):
    event = event_create(organiser="20")
    before = snapshot()

    response = client.post(
        url("add", event),
        {"channel": "phone", "email": "ktos@example.org", "diet": "standard"},
    )

    assert response.status_code == 200
    assert "podaj imię i nazwisko" in response.content.decode()
    assert snapshot() == before


def test_account_search_suggests_only_people_of_the_coordinators_voivodeship(
    client, desk_coordinator
):
    event = event_create(organiser="20")
    user_create(email="anna.bialystok@ops.example.pl", voivodeship="20")
    user_create(email="anna.rzeszow@ops.example.pl", voivodeship="18")

    content = client.post(
        url("add", event), {"find": "1", "email": "anna."}
    ).content.decode()

    assert "anna.bialystok@ops.example.pl" in content
    assert "anna.rzeszow@ops.example.pl" not in content


def test_capacity_override_below_confirmed_shows_polish_message(
    client, desk_coordinator
):
    event = event_create(organiser="20", capacity=3)
    register(event)
    register(event)
    before = snapshot()

    response = client.post(
        url("capacity", event), {"capacity": "1", "reason": "Mniejsza sala."}
    )

    assert response.status_code == 200
    assert "zajętych jest już 2" in response.content.decode()
    assert snapshot() == before


def test_capacity_override(client, desk_coordinator):
    event = event_create(organiser="20", capacity=1)
    register(event)
    waiting = register(event)

    client.post(url("capacity", event), {"capacity": "2", "reason": "Dostawka."})

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert EventState.objects.get(event=event).capacity_override == 2
