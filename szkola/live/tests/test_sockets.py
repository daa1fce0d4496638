"""The socket-test harness itself: a test keeps a working database connection
after its sockets ran, and a failed scenario leaves no socket running and no
database connection open in another thread (on PostgreSQL either would break
the next query, or the dropping of the test database at the end)."""

import asyncio

import pytest
from channels.testing import WebsocketCommunicator
from django.db import connection

from szkola.live.models import Notification

from .factories import notification_create, user_create
from .sockets import run_sockets
from .test_consumers import PATH, connected, session_headers


def database_sessions() -> int | None:
    """Open connections to the test database, PostgreSQL only."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def test_test_connection_still_works_after_sockets_handled_messages(
    db, client, application, channel_layer
):
    user = user_create()
    notification_create(user=user)
    headers = session_headers(client, user)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        for _ in range(3):  # each message passes Channels' connection tidying
            await communicator.send_json_to({"event": "ping"})
            await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()

    run_sockets(scenario)
    notification_create(user=user)
    assert Notification.objects.filter(user=user).count() == 2


class ScenarioFailed(Exception):
    pass


def test_sockets_left_running_by_a_failed_scenario_are_stopped(
    transactional_db, client, application, channel_layer
):
    headers = session_headers(client, user_create())
    sessions_before = database_sessions()
    communicators = []

    async def scenario():
        # Sockets still signing in (their session lookups under way) when the
        # scenario fails.
        for _ in range(5):
            communicator = WebsocketCommunicator(application, PATH, headers=headers)
            communicators.append(communicator)
            asyncio.ensure_future(communicator.connect(timeout=5))
        await asyncio.sleep(0)
        raise ScenarioFailed

    with pytest.raises(ScenarioFailed):
        run_sockets(scenario)
    assert all(c.future.done() for c in communicators)
    assert database_sessions() == sessions_before
