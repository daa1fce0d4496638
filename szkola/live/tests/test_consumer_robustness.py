"""LiveConsumer's promises: a push to a socket that has just closed never
raises, a failing handler closes the socket and leaves its groups, leaving a
group is retried, and hundreds of sockets dropping at once on the Redis layer
leave no stale group members."""

import asyncio
import os
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import channel_layers, get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.urls import path
from uvicorn.protocols.utils import ClientDisconnected

from szkola.live import consumers
from szkola.live.consumers import LiveConsumer
from szkola.live.push import push_now, user_group

from .factories import user_create
from .test_consumers import PATH, connected, group_size, run, session_headers

GROUP = "robustness.room"


class BrokenOnActionConsumer(LiveConsumer):
    """A consumer with a bug in its action handler."""

    def group_names(self):
        return [GROUP]

    def snapshot(self):
        return {"event": "state"}

    async def on_action(self, content):
        raise RuntimeError("a bug in a handler")


broken_app = AuthMiddlewareStack(
    URLRouter([path("ws/zepsuty/", BrokenOnActionConsumer.as_asgi())])
)


class SendFailsAfterClose:
    """The server's side of a socket whose client has gone: every send raises
    the way uvicorn does (ClientDisconnected) once ``gone`` is set."""

    def __init__(self, app):
        self.app = app
        self.gone = False
        self.failed_sends = 0

    async def __call__(self, scope, receive, send):
        async def guarded_send(message):
            if self.gone and message["type"] == "websocket.send":
                self.failed_sends += 1
                raise ClientDisconnected()
            await send(message)

        return await self.app(scope, receive, guarded_send)


def test_push_to_a_socket_that_closed_meanwhile_raises_nowhere(
    db, client, application, channel_layer
):
    user = user_create()
    headers = session_headers(client, user)
    app = SendFailsAfterClose(application)
    group = user_group(user.pk)

    async def scenario():
        communicator = WebsocketCommunicator(app, PATH, headers=headers)
        accepted, _ = await communicator.connect(timeout=5)
        assert accepted
        await communicator.receive_json_from(timeout=5)  # hello
        app.gone = True
        # The sender: a service pushing after commit, from a sync thread.
        await sync_to_async(push_now)(group, {"event": "read", "unread": 0})
        # The consumer handled it without dying...
        for _ in range(100):
            if app.failed_sends:
                break
            await asyncio.sleep(0.01)
        still_running = not communicator.future.done()
        # ...and the disconnect that follows still leaves the group.
        await communicator.disconnect(timeout=5)
        return still_running, await group_size(channel_layer, group)

    still_running, members = run(scenario)
    assert app.failed_sends == 1
    assert still_running is True
    assert members == 0


def test_failing_handler_closes_the_socket_and_leaves_its_groups(
    db, client, channel_layer
):
    user = user_create()
    headers = session_headers(client, user)

    async def scenario():
        communicator = WebsocketCommunicator(broken_app, "/ws/zepsuty/", headers)
        accepted, _ = await communicator.connect(timeout=5)
        assert accepted
        await communicator.receive_json_from(timeout=5)  # state
        joined = await group_size(channel_layer, GROUP)
        await communicator.send_json_to({"event": "ask"})
        closed = await communicator.receive_output(timeout=5)
        await communicator.wait(timeout=5)  # stopped cleanly, no exception
        return joined, closed, await group_size(channel_layer, GROUP)

    joined, closed, after = run(scenario)
    assert joined == 1
    assert closed == {"type": "websocket.close", "code": 1011}
    assert after == 0


def test_leaving_a_group_is_retried_until_the_layer_answers(
    db, client, application, channel_layer, monkeypatch
):
    user = user_create()
    headers = session_headers(client, user)
    group = user_group(user.pk)
    monkeypatch.setattr(consumers, "LEAVE_BASE_DELAY", 0.001)
    real_discard = channel_layer.group_discard
    failures = []

    async def flaky_discard(group_name, channel):
        if len(failures) < 3:
            failures.append(group_name)
            raise ConnectionError("Too many connections")
        await real_discard(group_name, channel)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        monkeypatch.setattr(channel_layer, "group_discard", flaky_discard)
        await communicator.disconnect(timeout=5)
        return await group_size(channel_layer, group)

    assert run(scenario) == 0
    assert failures == [group] * 3


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def project_redis_layer(settings):
    """The Redis layer exactly as the project configures it (pool size
    included), under a prefix of its own."""
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set: channels-redis layer not tested")
    from szkola.settings.base import CHANNEL_LAYERS

    config = {**CHANNEL_LAYERS["default"]["CONFIG"]}
    assert "channels_redis" in CHANNEL_LAYERS["default"]["BACKEND"]
    config["prefix"] = f"szkola-test-storm-{uuid.uuid4().hex[:12]}"
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": CHANNEL_LAYERS["default"]["BACKEND"], "CONFIG": config}
    }
    channel_layers.backends = {}
    layer = get_channel_layer()
    yield layer
    channel_layers.backends = {}


STORM_CLIENTS = 500


@pytest.mark.redis
def test_500_sockets_dropping_at_once_leave_no_group_members(
    db, client, application, project_redis_layer
):
    # The whole stack: origin check, session and user lookups in the test's
    # transaction, the notification consumer and its snapshot.
    user = user_create()
    headers = session_headers(client, user)
    group = user_group(user.pk)
    layer = project_redis_layer

    async def scenario():
        communicators = []
        for _ in range(STORM_CLIENTS // 50):
            batch = [
                WebsocketCommunicator(application, PATH, headers=headers)
                for _ in range(50)
            ]
            communicators.extend(batch)
            results = await asyncio.gather(*(c.connect(timeout=30) for c in batch))
            assert all(accepted for accepted, _ in results)
        await asyncio.gather(*(c.receive_json_from(timeout=30) for c in communicators))
        members_connected = await group_size(layer, group)
        await asyncio.gather(*(c.disconnect(timeout=30) for c in communicators))
        members_after = await group_size(layer, group)
        await layer.flush()
        await layer.close_pools()
        return members_connected, members_after

    members_connected, members_after = run(scenario)
    assert members_connected == STORM_CLIENTS
    assert members_after == 0
