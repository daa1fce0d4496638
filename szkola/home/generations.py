"""Cached reads that every request or socket repeats, kept correct by a
generation token.

A cached value is stored under a key that ends in the current token of its
``name`` (a group of values that change together). A change replaces the
token at once and again when the changing transaction commits, so a reader
that loaded the old rows between the two stores them under a token nobody
asks for any more: a change is never hidden behind a stale entry. The cache
is the project's (Redis in production, shared by every process)."""

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

# Long enough to matter under load, short enough to bound a change made
# behind the services' back (a raw UPDATE, a shell session).
DEFAULT_TIMEOUT = 600
_MISSING = object()
# Values kept in this process's memory by cached_in_process, least recently
# used dropped first.
IN_PROCESS_MAX_ENTRIES = 256


def _token_key(name: str) -> str:
    return f"generation:{name}"


def generation(name: str) -> str:
    """The current token of ``name`` (made on first use)."""
    token = cache.get(_token_key(name))
    if token is None:
        cache.add(_token_key(name), uuid.uuid4().hex, None)
        token = cache.get(_token_key(name)) or "none"
    return token


def generation_bump(name: str) -> None:
    """Invalidate every value cached under ``name``: now, and again after the
    current transaction commits (at once outside one)."""
    cache.set(_token_key(name), uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(_token_key(name), uuid.uuid4().hex, None))


def cached(
    name: str, key: str, load: Callable[[], Any], *, timeout: int = DEFAULT_TIMEOUT
) -> Any:
    """``load()``'s value for ``key`` in the group ``name``, from the cache
    while the group's generation stands."""
    return _cached(name, generation(name), key, load, timeout)


def _cached(name: str, token: str, key: str, load, timeout: int) -> Any:
    full_key = f"cached:{name}:{token}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = load()
        cache.set(full_key, value, timeout)
    return value


_in_process: OrderedDict[tuple[str, str, str], tuple[float, Any]] = OrderedDict()
_in_process_lock = threading.Lock()


def cached_in_process(
    name: str, key: str, load: Callable[[], Any], *, timeout: int = DEFAULT_TIMEOUT
) -> Any:
    """``cached``, with the value also kept in this process's memory under
    the same generation token: a reader whose process has it pays one cache
    read (the token) and nothing to unpickle. The value is handed to every
    caller as it is: only for values nobody changes (text, bytes, numbers,
    tuples). It is kept here at most ``timeout`` seconds, so a change made
    behind the services' back shows within twice that (the cache's entry
    may have been that old already)."""
    token = generation(name)
    memo_key = (name, token, key)
    now = time.monotonic()
    with _in_process_lock:
        entry = _in_process.get(memo_key)
        if entry is not None and entry[0] > now:
            _in_process.move_to_end(memo_key)
            return entry[1]
    value = _cached(name, token, key, load, timeout)
    with _in_process_lock:
        _in_process[memo_key] = (now + timeout, value)
        _in_process.move_to_end(memo_key)
        while len(_in_process) > IN_PROCESS_MAX_ENTRIES:
            _in_process.popitem(last=False)
    return value
