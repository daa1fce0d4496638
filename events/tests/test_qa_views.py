"""Pages of live Q&A and the check-in board: who may open which, opening a
room, and the coordinator's export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ..qa.models import QARoom
from ..qa.services import poll_open, poll_vote, question_ask
from .factories import staff_login
from .qa_factories import (
    coordinator_create,
    event_create,
    registration_confirmed,
    room_create,
    user_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return room_create()


def test_participant_sees_the_room_page(client, room):
    client.force_login(registration_confirmed(event=room.event).user)
    response = client.get(reverse("events:qa_room", args=[room.pk]))
    assert response.status_code == 200
    assert f'data-ws="/ws/na-zywo/{room.pk}/"' in response.content.decode()


@pytest.mark.parametrize("name", ["qa_room", "qa_moderate", "qa_projector"])
def test_unregistered_user_gets_403(client, room, name):
    client.force_login(user_create())
    assert client.get(reverse(f"events:{name}", args=[room.pk])).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, room):
    response = client.get(reverse("events:qa_room", args=[room.pk]))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_participant_cannot_open_the_moderator_page(client, room):
    client.force_login(registration_confirmed(event=room.event).user)
    response = client.get(reverse("events:qa_moderate", args=[room.pk]))
    assert response.status_code == 403


def test_coordinator_opens_a_room_for_a_session(client):
    event = event_create(kind="conference")
    session = event.programme_items.first()
    staff_login(client, coordinator_create(scope="18"))
    response = client.post(
        reverse("events:qa_open", args=[event.pk]),
        {"target": f"session:{session.pk}", "premoderation": "1"},
    )
    room = QARoom.objects.get()
    assert response["Location"] == reverse("events:qa_moderate", args=[room.pk])
    assert (room.session, room.premoderation) == (session, True)


def test_bad_target_is_refused_with_a_message(client):
    event = event_create(kind="conference")
    staff_login(client, coordinator_create(scope="18"))
    response = client.post(
        reverse("events:qa_open", args=[event.pk]),
        {"target": "day:abc"},
        follow=True,
    )
    assert not QARoom.objects.exists()
    assert "Wskaż dzień albo sesję" in response.content.decode()


def test_event_rooms_page_lists_rooms_for_participants(client, room):
    client.force_login(registration_confirmed(event=room.event).user)
    response = client.get(reverse("events:qa", args=[room.event.pk]))
    assert response.status_code == 200
    assert room.title in response.content.decode()
    assert "Otwórz pokój" not in response.content.decode()


def test_event_rooms_page_is_closed_to_strangers(client, room):
    client.force_login(user_create())
    assert client.get(reverse("events:qa", args=[room.event.pk])).status_code == 403


def test_export_has_questions_and_poll_results(client, room):
    coordinator = coordinator_create(scope="18")
    asker = registration_confirmed(event=room.event).user
    question_ask(room=room, user=asker, text='=HYPERLINK("http://zla.example")')
    poll = poll_open(
        room=room, actor=coordinator, question="Kawa?", options=["Tak", "Nie"]
    )
    poll_vote(poll=poll, user=asker, option_id=poll.options.first().pk)
    staff_login(client, coordinator)
    response = client.get(reverse("events:qa_export", args=[room.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    questions = list(workbook["Pytania"].values)
    assert questions[1][0] == '\'=HYPERLINK("http://zla.example")'
    assert workbook["Pytania"]["A2"].data_type == "s"
    polls = list(workbook["Ankiety"].values)
    assert polls[1][:3] == ("Kawa?", "Tak", 1)
    assert polls[2][:3] == ("Kawa?", "Nie", 0)


def test_export_is_for_coordinators_in_scope(client, room):
    staff_login(client, coordinator_create(scope="06"))
    assert client.get(reverse("events:qa_export", args=[room.pk])).status_code == 403


def test_board_page_for_coordinator_in_scope(client):
    event = event_create(kind="conference")
    day = event.ordered_days[0]
    staff_login(client, coordinator_create(scope="18"))
    response = client.get(reverse("events:checkin_board", args=[day.pk]))
    assert response.status_code == 200
    assert f'data-ws="/ws/obecnosc/{day.pk}/"' in response.content.decode()


def test_board_page_is_closed_to_other_voivodeships(client):
    event = event_create(kind="conference", organiser="18")
    staff_login(client, coordinator_create(scope="06"))
    response = client.get(
        reverse("events:checkin_board", args=[event.ordered_days[0].pk])
    )
    assert response.status_code == 403


def test_event_page_links_to_live_rooms_for_its_coordinator(client):
    event = event_create(kind="conference")
    client.force_login(coordinator_create(scope="18"))
    response = client.get(event.url)
    assert reverse("events:qa", args=[event.pk]) in response.content.decode()


def test_event_page_links_to_an_open_room_for_a_confirmed_participant(client, room):
    client.force_login(registration_confirmed(event=room.event).user)
    response = client.get(room.event.url)
    assert reverse("events:qa", args=[room.event.pk]) in response.content.decode()


def test_event_page_has_no_live_link_for_strangers(client, room):
    client.force_login(user_create())
    response = client.get(room.event.url)
    assert reverse("events:qa", args=[room.event.pk]) not in response.content.decode()


def test_board_needs_a_second_factor_like_the_admin(client):
    event = event_create(kind="conference")
    client.force_login(coordinator_create(scope="18"))
    response = client.get(
        reverse("events:checkin_board", args=[event.ordered_days[0].pk])
    )
    assert response.status_code == 302
    assert "/konto/2fa/" in response["Location"] or "mfa" in response["Location"]


def test_opening_a_room_needs_the_second_factor(client):
    event = event_create(kind="conference")
    session = event.programme_items.first()
    client.force_login(coordinator_create(scope="18"))
    response = client.post(
        reverse("events:qa_open", args=[event.pk]),
        {"target": f"session:{session.pk}"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/")
    assert not QARoom.objects.exists()


def test_moderation_and_projector_pages_need_the_second_factor(client, room):
    client.force_login(coordinator_create(scope="18"))
    for name in ("events:qa_moderate", "events:qa_projector"):
        response = client.get(reverse(name, args=[room.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/2fa/")
