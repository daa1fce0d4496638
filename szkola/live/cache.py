"""A Redis cache that fails soft.

Redis speeds pages up; it must never take them down. When Redis cannot be
reached (or answers too slowly) every cache call is answered from a small
cache in the process's own memory instead, a warning is logged, and Redis is
left alone for a few seconds before it is tried again, so a dead Redis costs
one short timeout every few seconds rather than one per call.

The memory fallback keeps the rate limits meaningful while Redis is away:
counters go on counting per process (stricter than nothing, looser than the
shared count), rather than letting everyone through or no one.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long Redis is left alone after a failure before it is tried again.
RETRY_AFTER_SECONDS = 5.0
# Values kept in memory during an outage live at most this long: an
# invalidation made by another process cannot reach this one's memory.
FALLBACK_MAX_TIMEOUT = 60

FAILURES = (RedisError, OSError)


class _ClientPerPool(RedisCacheClient):
    """Django's client builds a new redis-py client for every cache call;
    building one (its table of reply callbacks) cost more CPU than the GET
    it then sent. One client per connection pool is kept instead: a redis-py
    client is safe to share between threads (each command takes a
    connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
        self._fallback = LocMemCache(
            f"failsoft-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 5000}},
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    # --- the breaker ------------------------------------------------------
    @property
    def redis_available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            first = self.redis_available
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
        if first:
            logger.warning(
                "Cache: Redis unavailable during %s (%s); serving from memory "
                "for %.0f s",
                operation,
                error,
                RETRY_AFTER_SECONDS,
            )

    def _call(self, operation: str, *args, **kwargs):
        if self.redis_available:
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except FAILURES as error:
                self._failed(operation, error)
        return self._fallback_call(operation, *args, **kwargs)

    def _fallback_call(self, operation: str, *args, **kwargs):
        if "timeout" in kwargs:
            kwargs["timeout"] = _capped(kwargs["timeout"])
        elif operation in ("set", "add", "set_many", "touch") and len(args) >= (
            2 if operation == "set_many" else 3
        ):
            args = list(args)
            index = 1 if operation == "set_many" else 2
            args[index] = _capped(args[index])
        elif operation in ("set", "add", "set_many"):
            kwargs["timeout"] = FALLBACK_MAX_TIMEOUT
        return getattr(self._fallback, operation)(*args, **kwargs)

    # --- the cache API ----------------------------------------------------
    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")

    def ping(self) -> None:
        """Raise if Redis itself does not answer (for the health check: the
        fallback would hide the outage from an ordinary call)."""
        self._cache.get_client(write=True).ping()


def _capped(timeout):
    if timeout is None:
        return FALLBACK_MAX_TIMEOUT
    return min(timeout, FALLBACK_MAX_TIMEOUT)
