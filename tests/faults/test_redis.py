"""Redis stops and starts while pages are read: every page is served the
whole time, and the cache is used again once Redis is back.

A private Redis server on a free port is stopped and started, so the
Redis the rest of the suite uses is never touched."""

import shutil
import time

import pytest
from django.core.cache import caches

from szkola.live import cache as failsoft

from .private_redis import PrivateRedis

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("redis-server"), reason="redis-server is not installed"
    ),
]


@pytest.fixture
def redis_server(settings, monkeypatch):
    server = PrivateRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "szkola.live.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    monkeypatch.setattr(failsoft, "RETRY_AFTER_SECONDS", 0.2)
    yield server
    server.stop()


PAGES = ["/", "/konto/login/", "/certyfikaty/weryfikacja/", "/healthz"]


def test_pages_are_served_while_redis_stops_and_starts(client, redis_server):
    cache = caches["default"]
    for path in PAGES:
        assert client.get(path).status_code == 200
    cache.set("probe", "before", 60)
    assert cache._cache.get_client().get(cache.make_and_validate_key("probe"))

    redis_server.stop()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
    health = client.get("/healthz").json()
    assert health["status"] == "degraded"
    assert "redis" in health["degraded"]

    redis_server.start()
    time.sleep(0.3)  # past the breaker's pause
    for path in PAGES:
        assert client.get(path).status_code == 200
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"
    cache.set("probe", "after", 60)
    # Written to Redis itself again, not to the memory fallback.
    raw = cache._cache.get_client().get(cache.make_and_validate_key("probe"))
    assert raw is not None
