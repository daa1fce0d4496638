"""The channel layer's Redis connection never lets a cancelled task go on
(``szkola/live/redis_connection.py``)."""

import asyncio

import pytest
from redis.asyncio.connection import Connection

from szkola.live.redis_connection import CancellableConnection


async def _send_that_swallows_a_cancel(self, command, check_health=True):
    # What Python 3.11's asyncio.wait_for does when the cancellation comes as
    # the write completes: the CancelledError is caught and the result
    # returned, the task still marked as cancelled.
    task = asyncio.current_task()
    task.cancel()
    try:
        await asyncio.sleep(0)
    except asyncio.CancelledError:
        pass


async def _send_that_completes(self, command, check_health=True):
    await asyncio.sleep(0)


def _sent(connection_class) -> tuple[bool, list]:
    """Send one command on a connection of ``connection_class``; whether the
    task came out cancelled, and the disconnections it made."""
    disconnects = []

    async def disconnect(self, nowait=False, **kwargs):
        disconnects.append(nowait)

    async def scenario():
        connection = connection_class()
        connection.disconnect = disconnect.__get__(connection)
        try:
            await connection.send_packed_command([b"PING"])
        except asyncio.CancelledError:
            return True
        return False

    return asyncio.run(scenario()), disconnects


def test_a_swallowed_cancellation_is_delivered_and_the_connection_dropped(
    monkeypatch,
):
    monkeypatch.setattr(Connection, "send_packed_command", _send_that_swallows_a_cancel)

    cancelled, disconnects = _sent(CancellableConnection)

    # The reply to the command that went out will never be read: the
    # connection must not go back to the pool.
    assert cancelled is True
    assert disconnects == [True]


def test_redis_pys_own_connection_lets_the_task_go_on(monkeypatch):
    # Why the class exists: without it, the cancelled task carries on.
    monkeypatch.setattr(Connection, "send_packed_command", _send_that_swallows_a_cancel)

    cancelled, disconnects = _sent(Connection)

    assert cancelled is False
    assert disconnects == []


def test_an_ordinary_send_is_left_alone(monkeypatch):
    monkeypatch.setattr(Connection, "send_packed_command", _send_that_completes)

    assert _sent(CancellableConnection) == (False, [])


def test_the_channel_layer_is_configured_with_it():
    from django.conf import settings

    hosts = settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts")
    if not hosts:
        pytest.skip("REDIS_URL is not set: the in-memory layer has no connection")
    assert hosts[0]["connection_class"] is CancellableConnection
