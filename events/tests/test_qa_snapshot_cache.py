"""The room's state sent on connect is shared between sockets through the
cache, renewed whenever the room changes, and a connect costs few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from szkola.live.tests.sockets import (  # noqa: F401 - keep_test_connection is a fixture
    keep_test_connection,
    run_sockets,
)

from ..qa.models import Question
from ..qa.services import question_ask, question_moderate
from .qa_factories import coordinator_create, registration_confirmed, room_create
from .test_qa_consumers import (  # noqa: F401 - fixtures
    application,
    connect,
    headers_for,
    home,
    layer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection")]

# Session, user, the participant's confirmed place, and the three lists of
# what the participant did in the room (votes, questions, poll votes); the
# room, its questions and its polls come from the cache (11 before).
CONNECT_MAX_QUERIES = 6


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
