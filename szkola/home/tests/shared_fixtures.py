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


@pytest.fixture
def page_cache_on(settings):
    """The page cache switched on (the tests' settings keep it off) with the
    default site's settings made beforehand (made on a site's first request
    otherwise: a change, so a new generation), in an empty cache."""
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    settings.PAGE_CACHE_SECONDS = 60
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    cache.clear()
    yield
    cache.clear()
