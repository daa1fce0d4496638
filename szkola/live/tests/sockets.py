"""Running WebSocket scenarios from sync tests, on SQLite and on PostgreSQL.

Two things go wrong there unless taken care of:

- Channels tidies database connections before every handler and around every
  ``database_sync_to_async`` call, as Django does around every request. In a
  test wrapped in a transaction (the ``db`` fixture) that closes the test's
  own connection: on PostgreSQL for real, so the next query of the test (or
  of another socket still connecting) fails with "the connection is closed".
  Django's test client skips that tidying for requests; ``keep_test_connection``
  does the same for sockets.
- A scenario that ends while sockets are still running (a failed assertion, a
  refused socket that was never disconnected) leaves their applications to
  asyncio's shutdown, which runs after asgiref has stopped sending sync calls
  back to the test's thread. Their database work then opens a connection in a
  thread of its own that nobody closes, and PostgreSQL refuses to drop the test
  database at the end ("is being accessed by other users"). ``run_sockets``
  stops every such task while the test's thread still serves them.
"""

import asyncio

import pytest
from asgiref.sync import async_to_sync

# Longer than the Redis layer's socket read timeout (30 s in these tests), the
# longest a cancelled consumer's read may still wait. A task still running
# after this fails the test instead of hanging.
LEFTOVER_TIMEOUT = 60


def _in_test_transaction(connection) -> bool:
    # Django's TestCase marks the atomic blocks it opens around each test.
    return any(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


@pytest.fixture
def keep_test_connection(monkeypatch):
    """Channels' connection tidying leaves alone the connection that holds the
    test's transaction; every other connection is tidied as in production."""
    from channels import db as channels_db
    from django.db import connections

    def close_old_connections(**kwargs):
        for connection in connections.all(initialized_only=True):
            if not _in_test_transaction(connection):
                connection.close_if_unusable_or_obsolete()

    # channels.db looks the name up at call time, both in database_sync_to_async
    # and in aclose_old_connections (which consumers call before each handler).
    monkeypatch.setattr(channels_db, "close_old_connections", close_old_connections)


async def stop_leftover_tasks() -> None:
    """Cancel every other task on this loop and wait until they have ended."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LEFTOVER_TIMEOUT
    me = asyncio.current_task()
    while True:
        leftovers = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
        if not leftovers:
            return
        for task in leftovers:
            task.cancel()
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise RuntimeError(f"tasks did not stop after cancelling: {leftovers!r}")
        # A task may catch one cancellation (asgiref waits for a sync call it
        # has already started); the next round cancels it again.
        await asyncio.wait(leftovers, timeout=min(remaining, 1))


def run_sockets(scenario):
    """Run the async ``scenario`` from a sync test and return its result.

    Database work of the sockets runs in the test's thread, inside the test's
    transaction. Whatever the scenario leaves running is stopped before the
    loop ends, also when the scenario fails."""

    async def contained():
        try:
            return await scenario()
        finally:
            await stop_leftover_tasks()

    return async_to_sync(contained)()
