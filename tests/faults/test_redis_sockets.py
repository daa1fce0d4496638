"""Redis stops and starts under open sockets. Redis carries the live
features between processes (the channel layer): while it is away a live page
is told to reconnect, and once it is back the page reconnects and is in step
with everything that happened meanwhile (the snapshot sent on connect)."""

import shutil
import uuid

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings

from szkola.live.consumers import CLOSE_LAYER_LOST
from szkola.live.tests.factories import notification_create, user_create
from szkola.live.tests.sockets import (  # noqa: F401 - a fixture
    keep_test_connection,
    run_sockets,
)

from .private_redis import PrivateRedis

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("keep_test_connection"),
    pytest.mark.skipif(
        not shutil.which("redis-server"), reason="redis-server is not installed"
    ),
]

PATH = "/ws/powiadomienia/"
ORIGIN = "http://127.0.0.1"


@pytest.fixture
def redis_layer(settings):
    server = PrivateRedis()
    server.start()
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": f"redis://127.0.0.1:{server.port}/0",
                        "socket_connect_timeout": 0.5,
                        "socket_timeout": 2,
                    }
                ],
                "prefix": f"szkola-fault-{uuid.uuid4().hex[:12]}",
            },
        }
    }
    channel_layers.backends = {}
    yield server
    server.stop()
    channel_layers.backends = {}


@pytest.fixture
def application(monkeypatch):
    from szkola.asgi import application

    validator = application.application_mapping["websocket"]
    monkeypatch.setattr(validator, "allowed_origins", ["127.0.0.1"])
    return application


def _headers(client, user) -> list:
    client.force_login(user)
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", ORIGIN.encode()),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_id}".encode()),
    ]


def test_a_live_page_reconnects_and_resyncs_when_redis_returns(
    client, application, redis_layer
):
    user = user_create()
    notification_create(user=user)
    headers = _headers(client, user)

    async def before_and_during():
        socket = WebsocketCommunicator(application, PATH, headers=headers)
        accepted, _code = await socket.connect(timeout=5)
        assert accepted
        hello = await socket.receive_json_from(timeout=5)

        redis_layer.stop()
        # The open socket is closed with a code the page retries on.
        closed = await socket.receive_output(timeout=15)
        # A page reconnecting while Redis is away is refused the same way,
        # never left hanging or crashing the server.
        again = WebsocketCommunicator(application, PATH, headers=headers)
        accepted_during, code_during = await again.connect(timeout=15)
        await again.wait(timeout=5)
        return hello, closed, accepted_during, code_during

    hello, closed, accepted_during, code_during = run_sockets(before_and_during)
    assert hello == {"event": "hello", "unread": 1}
    assert closed == {"type": "websocket.close", "code": CLOSE_LAYER_LOST}
    assert (accepted_during, code_during) == (False, CLOSE_LAYER_LOST)

    notification_create(user=user)  # happened while the page was away
    redis_layer.start()

    async def after():
        socket = WebsocketCommunicator(application, PATH, headers=headers)
        accepted, _code = await socket.connect(timeout=5)
        assert accepted
        hello = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return hello

    assert run_sockets(after) == {"event": "hello", "unread": 2}
