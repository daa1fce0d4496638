"""Shared by the apps' concurrency tests: run jobs at the same moment, each
in its own thread and database connection. They need PostgreSQL (row locks);
SQLite serialises writers anyway, so the tests skip there."""

import threading

import pytest
from django.db import connection, connections

# pytestmark of a module whose tests race real transactions.
ROW_LOCKING = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locking needs PostgreSQL"
    ),
]


def run_concurrently(jobs) -> list[Exception]:
    """Start every job in its own thread behind one barrier, so they run at
    the same moment; return the errors they raised, in no order."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
