"""Data built once for a whole test module.

Seeding the demo, or building the permission matrix's world of events,
rooms, courses and certificates, costs far more than the assertions that read
it. ``module_data(build)`` makes a module-scoped fixture that builds the data
once, inside a transaction that stays open while the module's tests run and
is rolled back after the last of them. Each test still runs in its own
transaction nested inside it (a savepoint), so what one test changes is gone
before the next test starts, in whatever order they run.

The module's clock runs from a moment that leaves the day at least a
quarter of an hour to go: the demo's "today" (a live room, events that have
begun) must still be today when the module's last test reads it, at whatever
hour the suite runs.

Only for tests that use the ``db`` fixture (``django_db`` without
``transaction=True``): a transactional test would commit, and a live server
runs in another thread that cannot see the open transaction.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

# How long a module's tests may take, at the most, after its data is built.
MODULE_SPAN = timedelta(minutes=15)


def module_data(build: Callable[[], object]):
    """A module-scoped fixture whose value is ``build()``, run once per module
    (per test worker) with the callbacks it leaves for after commit run at
    once, as they would be when the seeding commits."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with (
            time_machine.travel(module_start(), tick=True),
            django_db_blocker.unblock(),
        ):
            with transaction.atomic():
                with TestCase.captureOnCommitCallbacks(execute=True):
                    value = build()
                try:
                    yield value
                finally:
                    transaction.set_rollback(True)
            _caches_forget_the_rolled_back_rows()

    return fixture


def module_start(now: datetime | None = None) -> datetime:
    """Now, unless the local day ends within ``MODULE_SPAN``: then the first
    second of the next day."""
    now = timezone.localtime(now)
    if now + MODULE_SPAN < now.replace(hour=23, minute=59, second=59):
        return now
    next_day = now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(next_day, time(0, 0, 1)))


def _caches_forget_the_rolled_back_rows() -> None:
    """Wagtail keeps the site's root paths in the cache; after the rollback
    they may name pages that no longer exist."""
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()


def demo_seed() -> None:
    """The whole demo, as ``manage.py seed_demo --force`` builds it."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", "--force", stdout=StringIO())
