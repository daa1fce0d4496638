"""Cached reads of the course tree: outlines, the course above a page and
view restrictions. Everything is keyed on one tree version that any change
to a course page or a view restriction replaces, and expires anyway after
CACHE_SECONDS so a process with a private cache (locmem) is never stale for
long. Production uses the shared Redis cache."""

import uuid

from django.core.cache import cache

VERSION_KEY = "courses:tree-version"
CACHE_SECONDS = 300


def tree_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def tree_changed(*args, **kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached(key: str, compute):
    full_key = f"courses:{tree_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value
