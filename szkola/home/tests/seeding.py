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
from contextlib import ExitStack
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

    return pytest.fixture(scope="module")(shared_by_module(fixture))


def shared_by_module(fixture_function):
    """Mark a module-scoped fixture's function as a build the module's tests
    share: they then run on one test worker (``one_worker_group``). Applied
    under ``@pytest.fixture``, to the function itself."""
    fixture_function._shared_by_module = True
    return fixture_function


def kept_data(build: Callable[[], object]):
    """Like ``module_data``, but the data outlives the module: it stays while
    the tests that follow use the same ``build``, in whatever modules they
    are, and is rolled back before the first test that does not (or at the
    end of the run). ``pytest_collection_modifyitems`` below puts the tests of
    one ``build`` next to each other after the random shuffle, so a test
    worker builds the demo about once, not once per module that reads it.

    The fixture is module-scoped, so it is set up before any test's own
    transaction opens; its value comes from the one build kept open."""

    def fixture(_kept_data_owner):
        return _kept_data_owner.open(build)

    fixture._kept_build = build
    return pytest.fixture(scope="module")(fixture)


class KeptData:
    """The one build kept open on this test worker: its value, and what
    undoes it (the outer transaction and the moved clock)."""

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.build: Callable[[], object] | None = None
        self.value: object = None
        self._stack: ExitStack | None = None

    def open(self, build: Callable[[], object]) -> object:
        if self.build is build:
            return self.value
        self.release()
        stack = ExitStack()
        try:
            stack.enter_context(time_machine.travel(module_start(), tick=True))
            stack.enter_context(self.blocker.unblock())
            stack.enter_context(transaction.atomic())
            # Rolled back when the stack closes, not committed.
            stack.callback(transaction.set_rollback, True)
            with TestCase.captureOnCommitCallbacks(execute=True):
                value = build()
        except BaseException:
            stack.close()
            raise
        self.build, self.value, self._stack = build, value, stack
        return value

    def release(self) -> None:
        if self._stack is None:
            return
        stack, self._stack = self._stack, None
        self.build, self.value = None, None
        stack.close()
        _caches_forget_the_rolled_back_rows()


_kept: list[KeptData] = []


@pytest.fixture(scope="session")
def _kept_data_owner(django_db_setup, django_db_blocker):
    """The worker's ``KeptData``; what it keeps is rolled back before the
    test database goes."""
    kept = KeptData(django_db_blocker)
    _kept.append(kept)
    yield kept
    kept.release()
    _kept.remove(kept)


def _fixture_functions(item):
    """The functions of every fixture a test uses, directly or not."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return
    for name in info.names_closure:
        for definition in info.name2fixturedefs.get(name, ()):
            yield definition.func


def kept_build_of(item) -> Callable[[], object] | None:
    """The ``build`` of the ``kept_data`` fixture a test uses, if any."""
    for function in _fixture_functions(item):
        build = getattr(function, "_kept_build", None)
        if build is not None:
            return build
    return None


def one_worker_group(item) -> str | None:
    """The name of the test-worker group ``item`` belongs to, if any: the
    tests of one kept build (every module reading the seeded demo), and each
    module whose tests share a module-scoped build (``module_data``, the
    committed demo of ``demo_site_kept``: any fixture ``shared_by_module``).
    ``worker_groups`` gives each group to one test worker, so the build is
    made once per run instead of once on every worker that a part of the
    group lands on."""
    build = kept_build_of(item)
    if build is not None:
        return f"kept-{build.__module__}.{build.__qualname__}"
    if any(getattr(f, "_shared_by_module", False) for f in _fixture_functions(item)):
        return f"module-{item.module.__name__}"
    return None


def kept_tests_together(items: list) -> None:
    """Reorder ``items`` in place so the tests of each ``kept_data`` build
    follow each other, where the first of them fell in the shuffled order;
    every other test keeps its place."""
    groups: dict = {}
    for item in items:
        build = kept_build_of(item)
        if build is not None:
            groups.setdefault(build, []).append(item)
    if not groups:
        return
    ordered = []
    for item in items:
        build = kept_build_of(item)
        if build is None:
            ordered.append(item)
        elif build in groups:
            ordered.extend(groups.pop(build))
    items[:] = ordered


def kept_release_unless_used(item) -> None:
    """Before a test: roll back the kept build unless the test uses it."""
    if _kept and kept_build_of(item) is not _kept[0].build:
        _kept[0].release()


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
