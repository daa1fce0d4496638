"""The registrations desk over HTTP, signed in (with the second factor) as a
coordinator of podlaskie, a coordinator of another voivodeship, the
leader's team and a trainer."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from szkola.accounts.models import AuditEntry, User
from szkola.accounts.tests.factories import trainer_create

from ..models import Attendance, EventState, Registration
from ..services import registration_create
from .factories import (
    coordinator_create,
    event_create,
    register,
    staff_login,
    user_create,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status
OUT_OF_SCOPE = "Nie koordynujesz wydarzeń tego organizatora"


@pytest.fixture
def coordinator(client):
    user = coordinator_create(scope="20")
    staff_login(client, user)
    return user


def url(name, event, query=""):
    return reverse(f"events_admin:{name}", args=[event.pk]) + query


def _snapshot():
    return (
        list(
            Registration.objects.order_by("pk").values_list(
                "status", "waitlist_rank", "decision_reason"
            )
        ),
        list(EventState.objects.values_list("cancelled_at", "capacity_override")),
        Attendance.objects.count(),
        User.objects.count(),
        AuditEntry.objects.filter(action__startswith="events.").count(),
    )


# --- lists ----------------------------------------------------------------------


def test_event_list_shows_only_events_in_scope_and_organiser_filter_is_scoped(
    client, coordinator
):
    event_create(title="Szkolenie białostockie", organiser="20")
    event_create(title="Szkolenie rzeszowskie", organiser="18")

    content = client.get(reverse("events_admin:events")).content.decode()

    assert "Szkolenie białostockie" in content
    assert "Szkolenie rzeszowskie" not in content
    assert 'value="20"' in content
    assert 'value="18"' not in content


def test_all_registrations_list_is_scoped_and_its_filters_too(client, coordinator):
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


def test_desk_filters_by_status(client, coordinator):
    event = event_create(organiser="20", capacity=1)
    confirmed = register(event, user_create(last_name="Potwierdzona"))
    waiting = register(event, user_create(last_name="Czekająca"))

    content = client.get(url("registrations", event, "?status=waitlisted")).content
    content = content.decode()

    assert waiting.participant_name in content
    assert confirmed.participant_name not in content


def test_desk_voivodeship_filter_lists_only_participants_voivodeships(
    client, coordinator
):
    event = event_create(organiser="20")
    register(event, user_create(voivodeship="20"))

    content = client.get(url("registrations", event)).content.decode()

    assert "podlaskie</option>" in content
    assert "mazowieckie</option>" not in content


def test_desk_export_is_formula_safe(client, coordinator):
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


def test_participants_xlsx_export_is_formula_safe(client, coordinator):
    event = event_create(organiser="20")
    register(event, user_create(institution_name="@SUMA(A1)"))

    response = client.get(url("export", event))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Uczestnicy"]["D2"].value == "'@SUMA(A1)"
    assert workbook["Uczestnicy"]["D2"].data_type == "s"


def test_desk_queries_stay_constant(client, coordinator):
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


def test_bulk_approve_shows_a_summary_then_approves_on_post(client, coordinator):
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


def test_row_approve(client, coordinator):
    event = event_create(organiser="20", approval_required=True)
    pending, other = register(event), register(event)

    client.post(url("approve", event), {"only": pending.pk})

    assert list(
        Registration.objects.order_by("pk").values_list("status", flat=True)
    ) == [Status.CONFIRMED, Status.PENDING]
    assert other.pk


def test_reject_confirmation_then_reject_with_reason_sent_to_participant(
    client, coordinator, django_capture_on_commit_callbacks
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


def test_reject_without_reason_shows_message_and_changes_nothing(client, coordinator):
    event = event_create(organiser="20", approval_required=True)
    registration = register(event)

    response = client.post(
        url("reject", event), {"registration": [registration.pk], "reason": " "}
    )

    assert response.status_code == 200
    assert "Podaj uzasadnienie." in response.content.decode()
    assert Registration.objects.get().status == Status.PENDING


def test_cancel_registration_by_coordinator(client, coordinator):
    event = event_create(organiser="20")
    registration = register(event)

    client.post(
        url("cancel", event),
        {"registration": [registration.pk], "reason": "Rezygnacja telefoniczna."},
    )

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_waitlist_move_up(client, coordinator):
    event = event_create(organiser="20", capacity=0)
    first, second = register(event), register(event)

    client.post(url("move", event), {"move": f"up-{second.pk}"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.waitlist_rank < first.waitlist_rank


def test_cancel_event_confirmation_lists_the_people_then_cancels(client, coordinator):
    event = event_create(organiser="20")
    registration = register(event)

    summary = client.get(url("cancel_event", event)).content.decode()
    assert registration.participant_name in summary
    assert not EventState.objects.filter(cancelled_at__isnull=False).exists()

    client.post(url("cancel_event", event), {"reason": "Choroba prowadzącego."})

    state = EventState.objects.get(event=event)
    assert state.cancelled_at and state.cancellation_reason == "Choroba prowadzącego."


def test_close_attendance_confirmation_then_close(client, coordinator):
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


def test_add_walk_in_for_an_existing_account(client, coordinator):
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
    assert registration.added_by == coordinator


def test_add_by_phone_creates_an_account_with_an_invitation(
    client, coordinator, django_capture_on_commit_callbacks
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


def test_add_without_account_and_without_name_changes_nothing(client, coordinator):
    event = event_create(organiser="20")
    before = _snapshot()

    response = client.post(
        url("add", event),
        {"channel": "phone", "email": "ktos@example.org", "diet": "standard"},
    )

    assert response.status_code == 200
    assert "podaj imię i nazwisko" in response.content.decode()
    assert _snapshot() == before


def test_account_search_suggests_only_people_of_the_coordinators_voivodeship(
    client, coordinator
):
    event = event_create(organiser="20")
    user_create(email="anna.bialystok@ops.example.pl", voivodeship="20")
    user_create(email="anna.rzeszow@ops.example.pl", voivodeship="18")

    content = client.post(
        url("add", event), {"find": "1", "email": "anna."}
    ).content.decode()

    assert "anna.bialystok@ops.example.pl" in content
    assert "anna.rzeszow@ops.example.pl" not in content


def test_capacity_override_below_confirmed_shows_polish_message(client, coordinator):
    event = event_create(organiser="20", capacity=3)
    register(event)
    register(event)
    before = _snapshot()

    response = client.post(
        url("capacity", event), {"capacity": "1", "reason": "Mniejsza sala."}
    )

    assert response.status_code == 200
    assert "zajętych jest już 2" in response.content.decode()
    assert _snapshot() == before


def test_capacity_override(client, coordinator):
    event = event_create(organiser="20", capacity=1)
    register(event)
    waiting = register(event)

    client.post(url("capacity", event), {"capacity": "2", "reason": "Dostawka."})

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert EventState.objects.get(event=event).capacity_override == 2


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
    before = _snapshot()

    for method, address, data in _every_request(event, pending, waiting):
        response = getattr(client, method)(address, data, follow=True)
        content = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("events_admin:events"), (
            method,
            address,
        )
        assert OUT_OF_SCOPE in content, (method, address)
        assert event.title not in content, (method, address)

    assert _snapshot() == before


def test_another_voivodeships_ids_posted_to_own_event_change_nothing(
    client, coordinator
):
    own = event_create(organiser="20", approval_required=True)
    theirs = event_create(organiser="18", approval_required=True, capacity=1)
    pending, waiting = register(theirs), register(theirs)
    before = _snapshot()

    for data in (
        {"registration": [pending.pk]},
        {"only": pending.pk},
        {"registration": [pending.pk], "reason": "x"},
    ):
        for name in ("approve", "reject", "cancel"):
            response = client.post(url(name, own), data, follow=True)
            assert response.status_code == 200
    client.post(url("move", own), {"move": f"up-{waiting.pk}"}, follow=True)

    assert _snapshot() == before


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
    before = _snapshot()

    assert client.get(reverse("events_admin:events")).status_code in (302, 403)
    assert client.get(reverse("registration_desk:index")).status_code in (302, 403)
    for method, address, data in _every_request(event, pending, waiting):
        response = getattr(client, method)(address, data)
        assert response.status_code in (302, 403), (method, address)
        if response.status_code == 302:
            assert "/wydarzenia/" not in response["Location"], (method, address)

    assert _snapshot() == before


def test_staff_without_second_factor_is_sent_to_it(client):
    user = coordinator_create(scope="20")
    client.force_login(user)
    event = event_create(organiser="20", approval_required=True)
    pending = register(event)

    response = client.post(url("approve", event), {"only": pending.pk})

    assert response.status_code in (302, 403)
    assert Registration.objects.get().status == Status.PENDING


def test_malformed_ids_change_nothing(client, coordinator):
    event = event_create(organiser="20", approval_required=True)
    register(event)
    before = _snapshot()

    for name in ("approve", "reject", "cancel"):
        response = client.post(
            url(name, event), {"registration": ["x", "1e9"], "reason": "x"}, follow=True
        )
        assert response.status_code == 200
    response = client.post(url("move", event), {"move": "up-abc"}, follow=True)
    assert response.status_code == 200
    response = client.post(url("capacity", event), {"capacity": "dużo", "reason": "x"})
    assert response.status_code == 200

    assert _snapshot() == before


# --- lists kept from before ----------------------------------------------------------


def test_catering_list_xlsx_per_day_with_diets(client, coordinator):
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


def test_catering_totals_follow_the_nights(client, coordinator):
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


def test_accommodation_xlsx_totals_per_night(client, coordinator):
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


def test_participants_export_neutralises_formulas(client, coordinator):
    event = event_create(organiser="20")
    register(
        event, user_create(institution_name='=HYPERLINK("http://x.example","klik")')
    )

    response = client.get(reverse("events_admin:export", args=[event.pk]))

    sheet = load_workbook(io.BytesIO(response.content))["Uczestnicy"]
    assert sheet["D2"].value == '\'=HYPERLINK("http://x.example","klik")'
    assert sheet["D2"].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_attendance_correction_is_recorded(client, coordinator):
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
        coordinator,
    )


def test_event_list_search_and_filters(client, coordinator):
    event_create(organiser="20", title="Animator w Białymstoku")
    event_create(organiser="20", title="Inne spotkanie")

    found = client.get(
        reverse("events_admin:events_results"),
        {"q": "Anim", "when": "upcoming", "organiser": "20"},
    ).content.decode()

    assert "Animator w Białymstoku" in found
    assert "Inne spotkanie" not in found


def test_all_registrations_with_a_nonsense_event_filter_is_not_an_error(
    client, coordinator
):
    response = client.get(
        reverse("registration_desk:index"), {"q": "x", "event": "99999999999999"}
    )

    assert response.status_code == 200
