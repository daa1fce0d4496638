"""The room's state sent on connect is shared between sockets through the
cache, renewed whenever the room changes, and a connect costs few queries and
one trip to the database thread."""

import json

import pytest
from asgiref.sync import SyncToAsync
from django.db import connection
from django.test.utils import CaptureQueriesContext

from szkola.live.tests.sockets import (  # noqa: F401 - keep_test_connection is a fixture
    keep_test_connection,
    run_sockets,
)

from ..qa import selectors as qa_selectors
from ..qa.models import PollVote, Question, QuestionVote
from ..qa.services import (
    poll_open,
    poll_vote,
    question_ask,
    question_moderate,
    question_vote,
    room_group,
)
from ..services import registration_cancel
from .qa_factories import coordinator_create, registration_confirmed, room_create
from .test_qa_consumers import (  # noqa: F401 - fixtures
    application,
    connect,
    headers_for,
    home,
    layer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection")]

# Session, user, and the participant's confirmed place with what they did
# in the room (votes, questions, poll votes): one query; the room, its
# questions and its polls come from the cache (11 queries before the cache,
# 6 before the participant's own part became one query, 4 before the place
# joined it). With Redis the session comes from the cache as well: 2.
CONNECT_MAX_QUERIES = 3


def state_on_connect(application, room, headers) -> dict:  # noqa: F811 - the imported fixture
    async def scenario():
        communicator, accepted, _code = await connect(
            application, f"/ws/na-zywo/{room.pk}/", headers
        )
        assert accepted
        state = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return state

    return run_sockets(scenario)


def test_new_approved_question_reaches_the_next_connect(client, application):  # noqa: F811 - the imported fixture
    room = room_create(premoderation=True)
    user = registration_confirmed(event=room.event).user
    headers = headers_for(client, user)
    held = question_ask(room=room, user=user, text="Czy będzie przerwa?")
    assert held.status == Question.Status.HELD

    before = state_on_connect(application, room, headers)
    again = state_on_connect(application, room, headers)  # from the cache
    question_moderate(question=held, actor=coordinator_create(), action="approve")
    after = state_on_connect(application, room, headers)

    assert before["questions"] == again["questions"] == []
    assert [q["text"] for q in after["questions"]] == ["Czy będzie przerwa?"]
    assert after["my_questions"] == [held.pk]


def test_connect_reads_the_shared_state_once(client, application):  # noqa: F811 - the imported fixture
    room = room_create()
    first, second = (registration_confirmed(event=room.event).user for _ in range(2))
    question_ask(room=room, user=first, text="Pierwsze pytanie")
    state_on_connect(application, room, headers_for(client, first))
    headers = headers_for(client, second)

    with CaptureQueriesContext(connection) as queries:
        state = state_on_connect(application, room, headers)

    assert [q["text"] for q in state["questions"]] == ["Pierwsze pytanie"]
    sql = [q["sql"] for q in queries.captured_queries]
    # Neither the approved questions nor the polls' options were read.
    assert not any("'approved'" in q or "polloption" in q for q in sql), sql
    assert len(queries) <= CONNECT_MAX_QUERIES, sql


def test_a_participant_connect_makes_one_trip_to_the_database_thread(
    client,
    application,  # noqa: F811 - the imported fixture
    monkeypatch,
):
    """Channels runs every process's sync code in one thread, one call after
    another: a connect storm queues there. Session, user, the right to enter
    and the snapshot are read in one call (Channels' stack would take one for
    the user, one to tidy connections, then the consumer's own)."""
    room = room_create()
    headers = headers_for(client, registration_confirmed(event=room.event).user)
    trips = []
    real_call = SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        trips.append(getattr(self.func, "__name__", repr(self.func)))
        return await real_call(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counted)

    async def scenario():
        communicator, accepted, _code = await connect(
            application, f"/ws/na-zywo/{room.pk}/", headers
        )
        assert accepted
        state = await communicator.receive_json_from(timeout=5)
        made = list(trips)
        await communicator.disconnect()
        return state, made

    state, made = run_sockets(scenario)
    assert state["event"] == "state"
    assert made == ["enter"], made


def test_a_cancelled_registration_is_refused_on_the_next_connect(
    client,
    application,  # noqa: F811 - the imported fixture
):
    """The right to enter is read afresh on every connect: caches warm from
    the first connect do not let a cancelled participant back in."""
    room = room_create()
    registration = registration_confirmed(event=room.event)
    headers = headers_for(client, registration.user)
    path = f"/ws/na-zywo/{room.pk}/"
    state_on_connect(application, room, headers)

    registration_cancel(registration=registration, actor=coordinator_create())

    async def scenario():
        communicator, accepted, code = await connect(application, path, headers)
        if accepted:
            await communicator.disconnect()
        return accepted, code

    assert run_sockets(scenario) == (False, 4403)


def test_a_refused_socket_leaves_the_room_group(client, application, layer):  # noqa: F811 - the imported fixtures
    """The room's group is joined before the checks (so the snapshot read
    with them is in step): a refused socket must leave it again."""
    from szkola.live.tests.test_consumers import group_size

    room = room_create()
    stranger = registration_confirmed(event=room_create().event).user
    headers = headers_for(client, stranger)

    async def scenario():
        from channels.layers import get_channel_layer

        communicator, accepted, code = await connect(
            application, f"/ws/na-zywo/{room.pk}/", headers
        )
        await communicator.wait(timeout=1)
        return (
            accepted,
            code,
            await group_size(get_channel_layer(), room_group(room.pk)),
        )

    assert run_sockets(scenario) == (False, 4403, 0)


def room_with_activity():
    """A room with approved, held and voted questions and an answered poll;
    the participant did a bit of everything."""
    room = room_create(premoderation=True)
    coordinator = coordinator_create()
    participant = registration_confirmed(event=room.event).user
    other = registration_confirmed(event=room.event).user
    mine = question_ask(room=room, user=participant, text="Moje, wstrzymane")
    for n in range(3):
        asked = question_ask(room=room, user=other, text=f"Cudze {n}")
        question_moderate(question=asked, actor=coordinator, action="approve")
        if n != 1:
            question_vote(question=asked, user=participant)
    question_moderate(question=mine, actor=coordinator, action="approve")
    poll = poll_open(
        room=room, actor=coordinator, question="Kawa czy herbata?", options=["K", "H"]
    )
    poll_vote(poll=poll, user=participant, option_id=poll.options.last().pk)
    return room, participant


def test_the_snapshot_sent_is_the_room_state(client, application):  # noqa: F811 - the imported fixtures
    """What the socket sends (the shared part encoded once, the person's own
    part added) is the room's state as the selectors build it."""
    room, participant = room_with_activity()
    state = state_on_connect(application, room, headers_for(client, participant))

    expected = qa_selectors.room_state(room=room, user=participant, role="participant")
    assert state == json.loads(json.dumps(expected))
    assert [q["text"] for q in state["questions"]][:1] == ["Cudze 0"]


def test_the_own_part_is_what_the_participant_did(client):
    """The one query for the participant's own part reads what three plain
    reads would."""
    room, participant = room_with_activity()

    own = qa_selectors.room_own_part(room=room, user=participant)

    assert own["my_votes"] == sorted(
        QuestionVote.objects.filter(question__room=room, user=participant).values_list(
            "question_id", flat=True
        )
    )
    assert own["my_questions"] == sorted(
        Question.objects.filter(room=room, author=participant).values_list(
            "pk", flat=True
        )
    )
    assert own["my_poll_votes"] == {
        str(poll_id): option_id
        for poll_id, option_id in PollVote.objects.filter(
            poll__room=room, user=participant
        ).values_list("poll_id", "option_id")
    }
    assert len(own["my_votes"]) == 2 and len(own["my_poll_votes"]) == 1


def test_the_shared_part_is_encoded_once_and_renewed_by_an_approval():
    room = room_create(premoderation=True)
    user = registration_confirmed(event=room.event).user
    held = question_ask(room=room, user=user, text="Czy będzie przerwa?")

    first = qa_selectors.room_shared_json(room=room, role="participant")
    again = qa_selectors.room_shared_json(room=room, role="participant")
    question_moderate(question=held, actor=coordinator_create(), action="approve")
    after = qa_selectors.room_shared_json(room=room, role="participant")

    # The same text, not encoded again, while the room stands.
    assert again is first
    assert json.loads("{" + first + "}")["questions"] == []
    assert [q["text"] for q in json.loads("{" + after + "}")["questions"]] == [
        "Czy będzie przerwa?"
    ]
