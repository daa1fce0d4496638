"""Project-wide test fixtures.

Transactional tests (browser journeys, WebSocket tests, concurrency tests)
end by emptying every table, the rows that data migrations made included:
Wagtail's root page, the HomePage and the default Site. A test that runs
after one of them on the same worker would otherwise find no site at all.
"""

import os

import pytest

DB_FIXTURES = ("db", "transactional_db")


@pytest.fixture(autouse=True)
def _language_restored():
    """Each test starts and ends in the default language: a test that
    switches this thread to English must not decide the language of the next
    one (the suite runs in random order)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _cache_emptied():
    """Each test starts with an empty cache: rows a test made are rolled back
    (and their ids used again by the next test), values cached from them
    (site settings, permissions, room snapshots) must go with them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _site_tree(request):
    """Make sure the site tree the migrations create exists for every test
    that uses the database (a no-op costing two queries when it does)."""
    from django.test import TransactionTestCase

    uses_db = request.node.get_closest_marker("django_db") is not None
    # Django's own test classes (Wagtail's WagtailPageTestCase among them)
    # use the database without the marker or the fixtures.
    uses_db = uses_db or isinstance(request.instance, TransactionTestCase)
    for name in DB_FIXTURES:
        if name in request.fixturenames:
            request.getfixturevalue(name)
            uses_db = True
    if uses_db:
        from szkola.home.tests.factories import site_tree_ensure

        site_tree_ensure()


# --- The test database ---------------------------------------------------
# ``--reuse-db`` keeps the test database between runs, but SQLite's default
# test database lives in memory and dies with the run. When it is asked for,
# the SQLite test database goes to a file in var/ instead (one per xdist
# worker, suffixed by pytest-django); without it nothing changes, so
# ``make test`` and CI still build the database afresh.
SQLITE_REUSE_FILE = os.path.join(
    os.path.dirname(__file__), "var", "test-szkola.sqlite3"
)


@pytest.fixture(scope="session")
def _sqlite_test_database_file(request):
    from django.conf import settings

    if not request.config.getvalue("reuse_db"):
        return
    for db_settings in settings.DATABASES.values():
        test = db_settings.setdefault("TEST", {})
        if db_settings["ENGINE"] == "django.db.backends.sqlite3" and not test.get(
            "NAME"
        ):
            test["NAME"] = SQLITE_REUSE_FILE


# A kept database is only worth keeping as the migrations left it. Emptying
# the tables after a transactional test (or after the journeys that read a
# kept demo) also removes what the data migrations made: Wagtail's root
# collection, groups and workflow, the project's groups and page rights. The
# next run keeping that database would fail on their absence, so an emptied
# kept database is built afresh by the next run.
EMPTIED_MARK = os.path.join(os.path.dirname(__file__), "var", "test-db-emptied")


def _emptied_mark() -> str:
    return f"{EMPTIED_MARK}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


@pytest.fixture(scope="session")
def django_db_createdb(request) -> bool:
    """pytest-django's own, and also when the kept database was emptied."""
    if request.config.getvalue("create_db"):
        return True
    if not request.config.getvalue("reuse_db"):
        return False
    mark = _emptied_mark()
    if os.path.exists(mark):
        os.remove(mark)
        return True
    return False


@pytest.fixture(scope="session", autouse=True)
def _emptied_kept_database_marked(request):
    """Mark the kept database as emptied when a flush runs (its
    ``post_migrate`` signal, sent after the tables are emptied)."""
    if not request.config.getvalue("reuse_db"):
        yield
        return
    from django.db.models.signals import post_migrate

    def mark(**kwargs):
        # ``migrate`` sends the signal with its plan, ``flush`` without.
        if "plan" in kwargs or os.path.exists(_emptied_mark()):
            return
        os.makedirs(os.path.dirname(EMPTIED_MARK), exist_ok=True)
        with open(_emptied_mark(), "w", encoding="utf-8") as file:
            file.write("emptied by a transactional test\n")

    post_migrate.connect(mark, dispatch_uid="szkola-test-db-emptied")
    yield
    post_migrate.disconnect(dispatch_uid="szkola-test-db-emptied")


@pytest.fixture(scope="session")
def django_db_modify_db_settings_parallel_suffix(
    _sqlite_test_database_file,
    django_db_modify_db_settings_tox_suffix,
    django_db_modify_db_settings_xdist_suffix,
):
    """pytest-django's own fixture, with the SQLite file named before the
    per-worker suffix is added (fixtures are set up in argument order)."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After the random shuffle: the tests reading one kept build (the seeded
    demo) next to each other (``szkola.home.tests.seeding.kept_data``)."""
    from szkola.home.tests.seeding import kept_tests_together

    kept_tests_together(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A kept build is rolled back before the first test that does not read
    it, before that test's own fixtures are set up."""
    from szkola.home.tests.seeding import kept_release_unless_used

    kept_release_unless_used(item)


pytest_plugins = ["szkola.home.tests.seeding", "szkola.home.tests.worker_groups"]


def pytest_terminal_summary(terminalreporter, config):
    """Repeat the random order's seed at the end, where it is read after a
    failure (the header that carries it is hidden by ``-q``)."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.getoption("randomly_reorganize", True):
        terminalreporter.write_line(
            f"Random order seed: {seed} (repeat the order with "
            f"--randomly-seed={seed}, or the last run's with --randomly-seed=last)"
        )


# --- The clock -----------------------------------------------------------
# The suite must hold at any hour. Three instants catch the usual mistakes:
# a UTC date shown as the Warsaw one (late evening UTC is already tomorrow
# in Warsaw), and the two days a year when Warsaw's clocks change.
AWKWARD_INSTANTS = {
    # 23:30 UTC = 00:30 Warsaw (CET): the UTC date is a day behind.
    "23:30-utc": "2026-11-30T23:30:00+00:00",
    # 00:30 Warsaw in summer (CEST) = 22:30 UTC, the day before in UTC.
    "00:30-warsaw-summer": "2026-07-14T22:30:00+00:00",
    # The spring change (29 March 2026, 02:00 CET -> 03:00 CEST): a day of
    # 23 hours.
    "dst-spring": "2026-03-29T00:30:00+00:00",
    # The autumn change (25 October 2026, 03:00 CEST -> 02:00 CET): 25 hours.
    "dst-autumn": "2026-10-25T00:30:00+00:00",
}


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("SUITE_CLOCK", ""),
        help=(
            "Run every test with the clock set to this moment (ISO 8601 or one "
            f"of {', '.join(AWKWARD_INSTANTS)}); the clock keeps ticking."
        ),
    )


@pytest.fixture(autouse=True)
def _suite_clock(request):
    """With ``--clock`` (or ``SUITE_CLOCK``), start every test at that moment,
    so the whole suite can be tried at an awkward hour on demand."""
    moment = request.config.getoption("--clock")
    if not moment:
        yield
        return
    import time_machine

    with time_machine.travel(AWKWARD_INSTANTS.get(moment, moment), tick=True):
        yield


@pytest.fixture(params=sorted(AWKWARD_INSTANTS))
def awkward_clock(request):
    """Run the test once at each awkward instant, the clock ticking from it.
    Tests whose outcome depends on the hour take this fixture."""
    import time_machine

    with time_machine.travel(AWKWARD_INSTANTS[request.param], tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True, scope="session")
def _email_through_the_outbox(django_test_environment):
    """pytest-django swaps EMAIL_BACKEND for the in-memory one; put the
    outbox back in front of it, so every email a test causes takes the way
    production email takes (stored, then delivered by a task to
    ``django.core.mail.outbox``)."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "szkola.outbox.backends.OutboxBackend"
