"""Cached reads that every request or socket repeats, kept correct by a
generation token.

A cached value is stored under a key that ends in the current token of its
``name`` (a group of values that change together). A change replaces the
token at once and again when the changing transaction commits, so a reader
that loaded the old rows between the two stores them under a token nobody
asks for any more: a change is never hidden behind a stale entry. The cache
is the project's (Redis in production, shared by every process)."""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

# Long enough to matter under load, short enough to bound a change made
# behind the services' back (a raw UPDATE, a shell session).
DEFAULT_TIMEOUT = 600
_MISSING = object()


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
    full_key = f"cached:{name}:{generation(name)}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = load()
        cache.set(full_key, value, timeout)
    return value
