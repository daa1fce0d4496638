"""Sockets of live Q&A rooms and of the check-in board, through the real ASGI
application (origin check, session, routing), on the in-memory layer and, with
REDIS_URL, on channels-redis."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.utils import timezone

from szkola.live.tests.sockets import (  # noqa: F401 - keep_test_connection is a fixture
    keep_test_connection,
    run_sockets,
)

from ..qa.models import Question
from ..qa.services import question_ask, room_set_premoderation
from ..services import attendance_correct, checkin
from .qa_factories import (
    coordinator_create,
    event_create,
    registration_confirmed,
    room_create,
    user_create,
)

pytestmark = [
    pytest.mark.django_db,
    # Checks after a scenario may query the test's own connection.
    pytest.mark.usefixtures("keep_test_connection"),
]

# Pushes go out after commit: the tests that wait for one need real commits.
after_commit = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def layer(request, settings):
    import os
    import uuid

    from channels.layers import channel_layers

    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("REDIS_URL is not set: channels-redis layer not tested")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": url, "socket_timeout": 30}],
                    "prefix": f"szkola-test-qa-{uuid.uuid4().hex[:12]}",
                },
            }
        }
    else:
        settings.CHANNEL_LAYERS = {
            "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
        }
    channel_layers.backends = {}
    yield request.param
    channel_layers.backends = {}


@pytest.fixture
def application(monkeypatch, layer):
    from szkola.asgi import application

    validator = application.application_mapping["websocket"]
    monkeypatch.setattr(validator, "allowed_origins", ["127.0.0.1"])
    return application


def headers_for(
    _client, user, origin=b"http://127.0.0.1", *, second_factor=True
) -> list:
    """A signed-in session's headers; by default the session used the second
    factor, as staff sessions do after a real TOTP login."""
    # A client of its own per person: signing a second person in on one
    # client would end the first one's session.
    import time

    from django.test import Client

    client = Client()
    client.force_login(user)
    if second_factor:
        store = client.session
        store["account_authentication_methods"] = [
            {"method": "mfa", "at": time.time(), "type": "totp", "id": 1}
        ]
        store["account_authentication_methods_user"] = str(user.pk)
        store.save()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", origin),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()),
    ]


async def connect(application, path, headers):
    communicator = WebsocketCommunicator(application, path, headers)
    accepted, code = await communicator.connect(timeout=5)
    return communicator, accepted, code


def try_connect(application, path, headers):
    async def scenario():
        communicator, accepted, code = await connect(application, path, headers)
        if accepted:
            await communicator.disconnect()
        return accepted, code

    return run_sockets(scenario)


@pytest.fixture(autouse=True)
def home():
    """Transactional tests empty every table, Wagtail's tree included; the
    event factories need the home page the migrations made."""
    from wagtail.models import Locale, Page

    from szkola.home.models import HomePage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(
            instance=HomePage(title="Szkoła Kooperacji", slug="home", live=True)
        )
    return home


@pytest.fixture
def room():
    return room_create()


# --- who gets in ------------------------------------------------------------------


def test_confirmed_participant_gets_the_room_state_on_connect(
    client, application, room
):
    user = registration_confirmed(event=room.event).user
    question_ask(room=room, user=user, text="Pytanie przed połączeniem")
    headers = headers_for(client, user)

    async def scenario():
        communicator, accepted, _ = await connect(
            application, f"/ws/na-zywo/{room.pk}/", headers
        )
        state = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return accepted, state

    accepted, state = run_sockets(scenario)
    assert accepted
    assert state["event"] == "state"
    assert state["role"] == "participant"
    assert [q["text"] for q in state["questions"]] == ["Pytanie przed połączeniem"]


def test_unregistered_user_is_refused(client, application, room):
    accepted, code = try_connect(
        application, f"/ws/na-zywo/{room.pk}/", headers_for(client, user_create())
    )
    assert (accepted, code) == (False, 4403)


def test_anonymous_visitor_is_refused(application, room):
    accepted, code = try_connect(
        application, f"/ws/na-zywo/{room.pk}/", [(b"origin", b"http://127.0.0.1")]
    )
    assert (accepted, code) == (False, 4401)


def test_participant_cannot_open_the_moderator_socket(client, application, room):
    user = registration_confirmed(event=room.event).user
    accepted, code = try_connect(
        application, f"/ws/na-zywo/{room.pk}/moderacja/", headers_for(client, user)
    )
    assert (accepted, code) == (False, 4403)


def test_foreign_origin_is_refused(client, application, room):
    coordinator = coordinator_create(scope="18")
    accepted, _ = try_connect(
        application,
        f"/ws/na-zywo/{room.pk}/moderacja/",
        headers_for(client, coordinator, origin=b"https://evil.example"),
    )
    assert accepted is False


def test_unknown_room_is_refused(client, application):
    coordinator = coordinator_create(scope="18")
    accepted, code = try_connect(
        application, "/ws/na-zywo/999999/moderacja/", headers_for(client, coordinator)
    )
    assert (accepted, code) == (False, 4403)


# --- live flow -----------------------------------------------------------------------


@after_commit
def test_question_asked_reaches_moderator_and_approval_reaches_participants(
    client, application, room
):
    room_set_premoderation(
        room=room, actor=coordinator_create(scope="18"), enabled=True
    )
    asker = registration_confirmed(event=room.event).user
    watcher = registration_confirmed(event=room.event).user
    coordinator = coordinator_create(scope="18")
    asker_headers = headers_for(client, asker)
    watcher_headers = headers_for(client, watcher)
    moderator_headers = headers_for(client, coordinator)

    async def scenario():
        base = f"/ws/na-zywo/{room.pk}/"
        asking, *_ = await connect(application, base, asker_headers)
        watching, *_ = await connect(application, base, watcher_headers)
        moderating, *_ = await connect(
            application, base + "moderacja/", moderator_headers
        )
        for c in (asking, watching, moderating):
            await c.receive_json_from(timeout=5)  # state
        await asking.send_json_to({"action": "ask", "text": "Czy <i>to</i> działa?"})
        asked = await asking.receive_json_from(timeout=5)
        held = await moderating.receive_json_from(timeout=5)
        watcher_got_nothing = await watching.receive_nothing(timeout=0.3)
        await moderating.send_json_to(
            {"action": "moderate", "id": held["question"]["id"], "verb": "approve"}
        )
        approved_for_moderator = await moderating.receive_json_from(timeout=5)
        shown = await watching.receive_json_from(timeout=5)
        for c in (asking, watching, moderating):
            await c.disconnect()
        return asked, held, watcher_got_nothing, approved_for_moderator, shown

    asked, held, nothing, approved, shown = run_sockets(scenario)
    assert asked["event"] == "asked" and asked["question"]["status"] == "held"
    assert held["question"]["text"] == "Czy <i>to</i> działa?"
    assert nothing is True
    assert approved["question"]["status"] == "approved"
    assert shown == {"event": "question", "question": approved["question"]}


def test_refused_action_answers_with_a_message_and_keeps_the_socket(
    client, application, room
):
    user = registration_confirmed(event=room.event).user
    headers = headers_for(client, user)

    async def scenario():
        communicator, *_ = await connect(
            application, f"/ws/na-zywo/{room.pk}/", headers
        )
        await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"action": "ask", "text": "x" * 600})
        error = await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"action": "vote", "id": "not-a-number"})
        missing = await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"action": "moderate", "id": 1, "verb": "pin"})
        forbidden = await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"event": "ping"})
        pong = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return error, missing, forbidden, pong

    error, missing, forbidden, pong = run_sockets(scenario)
    assert error["code"] == "too_long" and "500" in error["message"]
    assert missing["code"] == "not_found"
    assert missing["message"] == "Nie ma już tego pytania lub ankiety."
    assert forbidden["code"] == "forbidden"
    assert forbidden["message"] == "Tylko moderator może to zrobić."
    assert pong == {"event": "pong"}
    # The refused question was not stored.
    assert not Question.objects.filter(room=room).exists()


@after_commit
def test_projector_socket_has_no_controls(client, application, room):
    coordinator = coordinator_create(scope="18")
    headers = headers_for(client, coordinator)

    async def scenario():
        communicator, *_ = await connect(
            application, f"/ws/na-zywo/{room.pk}/rzutnik/", headers
        )
        state = await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"action": "ask", "text": "Z rzutnika?"})
        silent = await communicator.receive_nothing(timeout=0.3)
        stored = await database_sync_to_async(Question.objects.exists)()
        await communicator.disconnect()
        return state, silent, stored

    state, silent, stored = run_sockets(scenario)
    assert state["role"] == "projector"
    assert silent is True
    assert stored is False


@after_commit
def test_poll_vote_reaches_everyone_with_new_results(client, application, room):
    coordinator = coordinator_create(scope="18")
    voter = registration_confirmed(event=room.event).user
    moderator_headers = headers_for(client, coordinator)
    voter_headers = headers_for(client, voter)

    async def scenario():
        base = f"/ws/na-zywo/{room.pk}/"
        moderating, *_ = await connect(
            application, base + "moderacja/", moderator_headers
        )
        voting, *_ = await connect(application, base, voter_headers)
        await moderating.receive_json_from(timeout=5)
        await voting.receive_json_from(timeout=5)
        await moderating.send_json_to(
            {"action": "poll_open", "question": "Kawa?", "options": ["Tak", "Nie"]}
        )
        opened = await voting.receive_json_from(timeout=5)
        option = opened["poll"]["options"][1]["id"]
        await voting.send_json_to(
            {"action": "poll_vote", "poll": opened["poll"]["id"], "option": option}
        )
        messages = [await voting.receive_json_from(timeout=5) for _ in range(2)]
        for c in (moderating, voting):
            await c.disconnect()
        return opened, messages

    opened, messages = run_sockets(scenario)
    assert opened["poll"]["total"] == 0
    results = next(m for m in messages if m["event"] == "poll")
    assert results["poll"]["total"] == 1
    assert [o["votes"] for o in results["poll"]["options"]] == [0, 1]
    assert any(m["event"] == "poll_voted" for m in messages)


# --- the check-in board ----------------------------------------------------------------


@after_commit
def test_board_gets_each_check_in_after_commit(client, application):
    today = timezone.localdate()
    event = event_create(kind="conference", first_day=today, days=1)
    day = event.ordered_days[0]
    coordinator = coordinator_create(scope="18")
    ewa = registration_confirmed(event=event, user=user_create(first_name="Ewa"))
    registration_confirmed(event=event)
    headers = headers_for(client, coordinator)

    async def scenario():
        communicator, accepted, _ = await connect(
            application, f"/ws/obecnosc/{day.pk}/", headers
        )
        snapshot = await communicator.receive_json_from(timeout=5)
        await sync_to_async(checkin)(day=day, actor=coordinator, registration=ewa)
        arrival = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return accepted, snapshot, arrival

    accepted, snapshot, arrival = run_sockets(scenario)
    assert accepted
    assert (snapshot["present_count"], len(snapshot["expected"])) == (0, 2)
    assert arrival["type"] == "checkin"
    assert arrival["registration_id"] == ewa.pk
    assert arrival["present_count"] == 1


def test_board_snapshot_lists_arrivals_newest_first(client, application):
    today = timezone.localdate()
    event = event_create(kind="conference", first_day=today, days=1)
    day = event.ordered_days[0]
    coordinator = coordinator_create(scope="18")
    first = registration_confirmed(event=event)
    second = registration_confirmed(event=event)
    registration_confirmed(event=event)
    # Midday of the event's day: a minute later is still that day at any
    # hour the test runs (taken at 23:59 in Warsaw, "now" plus a minute
    # would be the next day and the check-in refused as not today).
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    checkin(day=day, actor=coordinator, registration=first, now=now)
    checkin(
        day=day,
        actor=coordinator,
        registration=second,
        now=now + datetime.timedelta(minutes=1),
    )
    headers = headers_for(client, coordinator)

    async def scenario():
        communicator, *_ = await connect(
            application, f"/ws/obecnosc/{day.pk}/", headers
        )
        snapshot = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return snapshot

    snapshot = run_sockets(scenario)
    assert snapshot["present_count"] == 2
    assert [a["id"] for a in snapshot["arrivals"]] == [second.pk, first.pk]
    assert len(snapshot["expected"]) == 1


def test_board_is_for_coordinators_in_scope_only(client, application):
    event = event_create(kind="conference", organiser="18")
    day = event.ordered_days[0]
    participant = registration_confirmed(event=event).user
    for user in (coordinator_create(scope="06"), participant):
        accepted, code = try_connect(
            application, f"/ws/obecnosc/{day.pk}/", headers_for(client, user)
        )
        assert (accepted, code) == (False, 4403)


def test_board_needs_a_session_that_used_the_second_factor(client, application):
    """As its page does: a coordinator in scope who signed in without TOTP
    gets no names over the socket either."""
    event = event_create(kind="conference", organiser="18")
    day = event.ordered_days[0]
    coordinator = coordinator_create(scope="18")
    path = f"/ws/obecnosc/{day.pk}/"
    without = headers_for(client, coordinator, second_factor=False)
    assert try_connect(application, path, without) == (False, 4403)
    assert try_connect(application, path, headers_for(client, coordinator))[0]


@after_commit
def test_board_follows_corrections_both_ways(client, application):
    """A coordinator's correction (unmarking someone ticked by mistake, or
    marking someone afterwards) moves the board as a check-in does."""
    today = timezone.localdate()
    event = event_create(kind="conference", first_day=today, days=1)
    day = event.ordered_days[0]
    coordinator = coordinator_create(scope="18")
    ewa = registration_confirmed(event=event, user=user_create(first_name="Ewa"))
    # At noon of the event's day: "now" could be past midnight already.
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    checkin(day=day, actor=coordinator, registration=ewa, now=noon)
    headers = headers_for(client, coordinator)

    async def scenario():
        communicator, accepted, _ = await connect(
            application, f"/ws/obecnosc/{day.pk}/", headers
        )
        snapshot = await communicator.receive_json_from(timeout=5)
        correct = sync_to_async(attendance_correct)
        await correct(day=day, registration=ewa, actor=coordinator, present=False)
        unmarked = await communicator.receive_json_from(timeout=5)
        await correct(day=day, registration=ewa, actor=coordinator, present=True)
        marked = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return accepted, snapshot, unmarked, marked

    accepted, snapshot, unmarked, marked = run_sockets(scenario)
    assert accepted
    assert snapshot["present_count"] == 1
    assert (unmarked["registration_id"], unmarked["present"]) == (ewa.pk, False)
    assert unmarked["present_count"] == 0
    assert (marked["present"], marked["present_count"]) == (True, 1)
