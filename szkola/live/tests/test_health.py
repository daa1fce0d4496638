"""/healthz: 200 when the database answers, 503 when it does not; a channel
layer (or cache) that fails is reported as degraded with 200, so a load
balancer keeps serving pages from a process whose Redis is away. Failures
are injected where the checks touch each service."""

import pytest
from django.db import OperationalError

from szkola.live import health

URL = "/healthz"


def test_healthy_when_database_and_layer_answer(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok", "cache": "ok"},
    }


def test_health_is_never_cached(client, db):
    response = client.get(URL)
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.redis
def test_healthy_on_redis_layer(client, db, settings):
    import os

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: channels-redis layer not tested")
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": "szkola-test-healthz"},
        }
    }
    assert client.get(URL).status_code == 200


class BrokenCursorConnection:
    """The database connection as the check sees it, with the server gone."""

    def cursor(self):
        raise OperationalError("could not connect to server")


def test_unhealthy_when_database_fails(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenCursorConnection())
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "error", "channel_layer": "ok", "cache": "ok"},
    }


def test_degraded_when_layer_server_is_unreachable(client, db, settings):
    # Nothing listens on port 1: the real channels-redis client fails.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 1}
                ]
            },
        }
    }
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["redis"]
    assert body["checks"] == {"database": "ok", "channel_layer": "error", "cache": "ok"}


def test_degraded_when_layer_send_fails(client, db, monkeypatch):
    layer = health.get_channel_layer()

    async def refuse(channel, message):
        raise ConnectionError("layer is down")

    monkeypatch.setattr(layer, "send", refuse)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["channel_layer"] == "error"


def test_degraded_when_layer_does_not_answer_in_time(client, db, monkeypatch):
    layer = health.get_channel_layer()

    async def never(channel):
        import asyncio

        await asyncio.sleep(60)

    monkeypatch.setattr(layer, "receive", never)
    monkeypatch.setattr(health, "LAYER_TIMEOUT_SECONDS", 0.2)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["channel_layer"] == "error"


def test_degraded_when_no_layer_is_configured(client, db, settings):
    settings.CHANNEL_LAYERS = {}
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["channel_layer"] == "error"


def test_degraded_when_the_redis_cache_does_not_answer(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "szkola.live.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["degraded"] == ["redis"]
    assert response.json()["checks"]["cache"] == "error"


def test_reports_the_task_queue_when_tasks_run_from_the_database(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from szkola.live.tasks import notify_task

    notify_task.enqueue(1, title="x")
    body = client.get(URL).json()
    assert body["tasks"]["waiting"] == 1
    assert body["tasks"]["running"] == 0
    assert body["tasks"]["oldest_waiting_seconds"] >= 0
