"""Project-wide test fixtures.

Transactional tests (browser journeys, WebSocket tests, concurrency tests)
end by emptying every table, the rows that data migrations made included:
Wagtail's root page, the HomePage and the default Site. A test that runs
after one of them on the same worker would otherwise find no site at all.
"""

import pytest

DB_FIXTURES = ("db", "transactional_db")


@pytest.fixture(autouse=True)
def _site_tree(request):
    """Make sure the site tree the migrations create exists for every test
    that uses the database (a no-op costing two queries when it does)."""
    uses_db = request.node.get_closest_marker("django_db") is not None
    for name in DB_FIXTURES:
        if name in request.fixturenames:
            request.getfixturevalue(name)
            uses_db = True
    if uses_db:
        from szkola.home.tests.factories import site_tree_ensure

        site_tree_ensure()
