"""The Redis cache fails soft: with Redis unreachable, calls are answered
from the process's memory, pages render, and rate limits keep counting."""

import logging

import pytest
from django.core.cache import caches

from szkola.live import cache as failsoft

DEAD_REDIS = {
    "default": {
        "BACKEND": "szkola.live.cache.FailSoftRedisCache",
        # Nothing listens on port 1.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = DEAD_REDIS
    cache = caches["default"]
    yield cache
    cache._fallback.clear()


def test_reads_and_writes_fall_back_to_memory(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="szkola.live.cache"):
        assert dead_redis.get("missing") is None
        dead_redis.set("greeting", "dzień dobry", 30)
        assert dead_redis.get("greeting") == "dzień dobry"
    assert not dead_redis.redis_available
    # One warning for the outage, not one per call.
    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1


def test_rate_limit_counters_keep_counting(dead_redis):
    assert dead_redis.add("hits", 1, 300)
    assert not dead_redis.add("hits", 1, 300)
    assert dead_redis.incr("hits") == 2
    assert dead_redis.incr("hits") == 3


def test_values_kept_in_memory_expire_soon(dead_redis, monkeypatch):
    calls = []
    original = dead_redis._fallback.set

    def spy(key, value, timeout=None, version=None):
        calls.append(timeout)
        return original(key, value, timeout, version)

    monkeypatch.setattr(dead_redis._fallback, "set", spy)
    dead_redis.set("tree", "v1", None)
    dead_redis.set("tree", "v1", 3600)
    assert calls == [failsoft.FALLBACK_MAX_TIMEOUT, failsoft.FALLBACK_MAX_TIMEOUT]


def test_redis_is_tried_again_after_a_pause(dead_redis, monkeypatch):
    dead_redis.get("x")
    assert not dead_redis.redis_available
    monkeypatch.setattr(failsoft.time, "monotonic", lambda: 10**12)
    assert dead_redis.redis_available


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/konto/login/", "/certyfikaty/weryfikacja/"])
def test_pages_render_with_redis_down(client, dead_redis, path):
    response = client.get(path)
    assert response.status_code == 200


def test_cache_objects_share_one_redis_client_per_process():
    """Django makes a cache object per thread and per async task (each
    socket's): they must not each open Redis connections of their own, nor
    build a Redis client per call."""
    params = {"OPTIONS": {"socket_timeout": 0.2}}
    first = failsoft.FailSoftRedisCache("redis://127.0.0.1:1/0", params)
    second = failsoft.FailSoftRedisCache("redis://127.0.0.1:1/0", params)
    other = failsoft.FailSoftRedisCache("redis://127.0.0.1:1/1", params)

    assert first._cache is second._cache
    assert other._cache is not first._cache
    assert first._cache.get_client(write=True) is second._cache.get_client()
