"""Fixtures the apps' conftest modules share (imported there by name)."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts and ends with an empty cache (rate-limit counters,
    cached pages and fragments)."""
    cache.clear()
    yield
    cache.clear()


@contextmanager
def completions_caught(signal, *, dispatch_uid: str):
    """Every completion ``signal`` sends while open, as (user_id, source)."""
    sent = []

    def receiver(sender, *, user_id, source, **kwargs):
        sent.append((user_id, source))

    signal.connect(receiver, weak=False, dispatch_uid=dispatch_uid)
    try:
        yield sent
    finally:
        signal.disconnect(dispatch_uid=dispatch_uid)
