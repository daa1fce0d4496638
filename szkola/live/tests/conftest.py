import os
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer

from szkola.live.redis_connection import CancellableConnection

from .catalogues import (
    _english_catalogue_dir,  # noqa: F401 - a fixture
    compiled_catalogues,  # noqa: F401 - a fixture
)
from .sockets import keep_test_connection  # noqa: F401 - a fixture

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(autouse=True)
def _sockets_keep_test_connection(request):
    """Every socket test here may query the database after its sockets ran."""
    request.getfixturevalue("keep_test_connection")


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def channel_layer(request, settings):
    """The channel layer the code under test uses: the in-memory one, and
    channels-redis when REDIS_URL is set (its own prefix per test, so parallel
    workers and earlier tests never cross)."""
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("REDIS_URL is not set: channels-redis layer not tested")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [
                        {
                            "address": REDIS_URL,
                            "socket_timeout": 30,
                            # As in production (szkola/live/redis_connection.py).
                            "connection_class": CancellableConnection,
                        }
                    ],
                    "prefix": f"szkola-test-live-{uuid.uuid4().hex[:12]}",
                    "expiry": 10,
                },
            }
        }
    else:
        settings.CHANNEL_LAYERS = {
            "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
        }
    # The setting_changed signal resets the cached layers; be explicit anyway.
    channel_layers.backends = {}
    layer = get_channel_layer()
    yield layer
    if request.param == "redis":
        async_to_sync(layer.flush)()
    channel_layers.backends = {}


@pytest.fixture
def application(monkeypatch):
    # Imported lazily: szkola.asgi sets Django up, which needs the test
    # settings already in place.
    from szkola.asgi import application

    # Test settings allow every host ("*"), which would let any origin in.
    # Check origins the way production does, against a real host list.
    validator = application.application_mapping["websocket"]
    monkeypatch.setattr(validator, "allowed_origins", ["127.0.0.1", "testserver"])
    return application
