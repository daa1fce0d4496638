"""Places are never oversold when many people register at the same moment.

Needs PostgreSQL (row locks); SQLite serialises writers anyway and the test
skips there."""

import threading

import pytest
from django.db import connection, connections

from ..models import Registration
from ..services import registration_cancel, registration_create
from .factories import event_create, user_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locking needs PostgreSQL"
    ),
]


def _run_concurrently(jobs):
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


def test_concurrent_registrations_confirm_exactly_capacity():
    event = event_create(capacity=5)
    users = [user_create() for _ in range(16)]

    errors = _run_concurrently(
        [(lambda u=u: registration_create(event=event, user=u)) for u in users]
    )

    assert errors == []
    statuses = list(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert statuses.count(Registration.Status.CONFIRMED) == 5
    assert statuses.count(Registration.Status.WAITLISTED) == 11


def test_concurrent_cancellations_promote_each_waiting_person_once():
    event = event_create(capacity=3)
    holders = [
        registration_create(event=event, user=user_create())[0] for _ in range(3)
    ]
    for _ in range(4):
        registration_create(event=event, user=user_create())

    errors = _run_concurrently(
        [
            (lambda r=r: registration_cancel(registration=r, actor=r.user))
            for r in holders
        ]
    )

    assert errors == []
    assert (
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        == 3
    )
