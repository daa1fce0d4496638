"""The participants' and animators' pages, signed in as those roles."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from events.models import Registration

from ..models import PathEnrolment, SupportBooking
from ..services import support_book, support_note_add
from .factories import (
    animator_make,
    coordinator_create,
    event_create,
    member_add,
    participant_create,
    path_create,
    places_create,
    session_create,
    staff_login,
    team_create,
)

pytestmark = pytest.mark.django_db


def test_team_page_for_a_person_without_a_team(client):
    client.force_login(participant_create())
    response = client.get(reverse("programme:team"))
    assert response.status_code == 200
    assert (
        "Nie należysz do Partnerskiego Zespołu Kooperacji" in response.content.decode()
    )


def test_animator_registers_two_members_from_the_team_page(client):
    team = team_create()
    animator = animator_make(team)
    first, second = (
        member_add(team, first_name="Beata"),
        member_add(team, first_name="Cezary"),
    )
    event = event_create(organiser="20", title="Szkolenie dwudniowe w Białymstoku")
    places = places_create(team, event, places=2)
    client.force_login(animator)
    page = client.get(reverse("programme:team")).content.decode()
    assert "Szkolenie dwudniowe w Białymstoku" in page
    assert "Miejsc dla zespołu: 2, zajęte: 0, wolne: 2." in page
    response = client.post(
        reverse("programme:team_register", args=[places.pk]),
        {"members": [first.pk, second.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Zapisano na wydarzenie" in text
    assert Registration.objects.filter(event=event).count() == 2
    assert "zajęte: 2, wolne: 0" in text


def test_too_many_members_on_the_page_shows_the_polish_refusal(client):
    team = team_create()
    animator = animator_make(team)
    people = [member_add(team) for _ in range(2)]
    event = event_create(organiser="20")
    places = places_create(team, event, places=1)
    client.force_login(animator)
    response = client.post(
        reverse("programme:team_register", args=[places.pk]),
        {"members": [p.pk for p in people]},
        follow=True,
    )
    assert "Nikogo nie zapisano" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_a_member_sees_the_team_but_not_the_progress_or_the_register_form(client):
    team = team_create()
    animator_make(team)
    member = member_add(team)
    other = member_add(team, first_name="Dorota")
    event = event_create(organiser="20")
    places = places_create(team, event)
    client.force_login(member)
    page = client.get(reverse("programme:team")).content.decode()
    assert "Dorota" in page
    assert "Postępy, zapisy i zaświadczenia" not in page
    assert reverse("programme:team_register", args=[places.pk]) not in page
    response = client.post(
        reverse("programme:team_register", args=[places.pk]),
        {"members": [other.pk]},
        follow=True,
    )
    assert "animatorzy i koordynatorzy" in response.content.decode()
    assert not Registration.objects.exists()


def test_another_teams_animator_gets_404_on_these_places(client):
    team = team_create()
    other = team_create(voivodeship="20", powiat_teryt="2010")
    stranger = animator_make(other)
    event = event_create(organiser="20")
    places = places_create(team, event)
    client.force_login(stranger)
    response = client.post(
        reverse("programme:team_register", args=[places.pk]), {"members": []}
    )
    assert response.status_code == 404


def test_paths_page_shows_done_and_next_and_starts_a_path(client):
    path = path_create(
        title="Ścieżka PZK",
        components=[
            {"kind": "event", "event_kind": "training2"},
            {"kind": "event", "event_kind": "exchange", "label": "Wizyta studyjna"},
        ],
    )
    user = participant_create(voivodeship="20")
    client.force_login(user)
    page = client.get(reverse("programme:paths")).content.decode()
    assert "Ścieżki, które możesz rozpocząć" in page and "Ścieżka PZK" in page
    client.post(reverse("programme:path_start", args=[path.pk]))
    assert PathEnrolment.objects.filter(user=user, path=path).exists()
    page = client.get(reverse("programme:paths")).content.decode()
    assert (
        "Co dalej" in page
        and "Wizyta studyjna" in page
        and "Szkolenie dwudniowe" in page
    )
    assert "Ukończono 0 z 2 wymaganych kroków" in page


def test_member_books_coaching_and_a_full_slot_shows_the_refusal(client):
    session = session_create(capacity=1, title="Coaching dla członków PZK")
    user, other = (
        participant_create(voivodeship="20"),
        participant_create(voivodeship="20"),
    )
    client.force_login(user)
    assert (
        "Coaching dla członków PZK"
        in client.get(reverse("programme:support")).content.decode()
    )
    client.post(reverse("programme:support_book", args=[session.pk]))
    assert SupportBooking.objects.filter(user=user).exists()
    client.force_login(other)
    response = client.post(
        reverse("programme:support_book", args=[session.pk]), follow=True
    )
    assert "Wszystkie miejsca na tej sesji są zajęte" in response.content.decode()
    assert SupportBooking.objects.count() == 1


def test_coach_page_needs_the_second_factor_for_staff(client):
    from szkola.accounts.services import role_set

    coach = participant_create(voivodeship="20")
    role_set(user=coach, is_trainer=True, coordinator_scope="")
    session = session_create(provider=coach)
    person = participant_create(voivodeship="20")
    support_book(actor=person, session=session, user=person)
    client.force_login(coach)
    assert client.get(reverse("programme:support")).status_code == 302
    staff_login(client, coach)
    page = client.get(reverse("programme:support")).content.decode()
    assert "Sesje, które prowadzę" in page


def test_notes_are_not_shown_to_a_coordinator_anywhere(client):
    session = session_create(organiser="20")
    person = participant_create(voivodeship="20")
    booking = support_book(actor=person, session=session, user=person)
    support_note_add(actor=person, booking=booking, text="Bardzo prywatna notatka")
    coordinator = coordinator_create(scope="20")
    staff_login(client, coordinator)
    response = client.post(
        reverse("programme:support_note", args=[booking.pk]), {"text": "x"}, follow=True
    )
    assert "tylko uczestnik i prowadzący" in response.content.decode()
    assert (
        "Bardzo prywatna notatka"
        not in client.get(reverse("programme:support")).content.decode()
    )
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=1)):
        page = client.get(
            reverse("programme_admin:session", args=[session.pk])
        ).content.decode()
    assert page.count("Bardzo prywatna") == 0
    client.force_login(person)
    assert (
        "Bardzo prywatna notatka"
        in client.get(reverse("programme:support")).content.decode()
    )


def test_my_data_export_lists_team_paths_and_sessions_with_my_notes(client):
    import json

    team = team_create()
    person = member_add(team)
    session = session_create()
    booking = support_book(actor=person, session=session, user=person)
    support_note_add(actor=person, booking=booking, text="Moja notatka")
    client.force_login(person)
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["pzk_teams"][0]["team"] == "PZK Gminy Korycin"
    assert data["support_sessions"][0]["notes"] == ["Moja notatka"]
