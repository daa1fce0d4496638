"""Rate limits: a counter per key in the cache, the limits from settings, and
the visitor's address they count by. Callers ask ``permissions``, which hands
these on."""

from django.conf import settings
from django.core.cache import cache


def rate_limit_setting(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """(count, seconds) from a setting such as ``EVENTS_QA_RATE_LIMIT``."""
    limit, seconds = getattr(settings, name, default)
    return int(limit), int(seconds)


def rate_limit_hit(*, key: str, limit: int, window: int, count: bool = True) -> bool:
    """A counter per ``key`` in the cache for ``window`` seconds: True once
    more than ``limit`` hits were counted (with ``count=False``: whether the
    limit is already reached, without counting this one)."""
    if not count:
        return (cache.get(key) or 0) >= limit
    if cache.add(key, 1, window):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return limit < 1


def client_address(request) -> str:
    """The visitor's address as allauth counts it (``X-Forwarded-For``
    behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"
