"""The registration POST stays lean, and the event's lock covers only the
counting and the insert."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from ..models import Registration
from .factories import event_create, register, user_create

pytestmark = pytest.mark.django_db

# Was 36: the registration no longer goes into Wagtail's reference index
# (five queries, under the event's lock). Then 31; now 20: the event read
# once with its days and quotas, the places counted in one statement, no
# second read of the person's registration. Five of the 20 are the
# notification, stored here only because the tests' task backend runs the
# announcement at once: with the database queue (production) it is one
# insert (REGISTRATION_POST_QUEUED_MAX_QUERIES).
REGISTRATION_POST_MAX_QUERIES = 20
REGISTRATION_POST_QUEUED_MAX_QUERIES = 16
# The lock, the count, the places held back for teams, the registration and
# its audit entry.
LOCKED_STATEMENTS = 5


def post(client, event):
    return client.post(
        reverse("events:register", args=[event.pk]),
        {"meals": "on", "diet": "vegan", "accept_waitlist": "on"},
    )


def test_registration_post_query_bound(client, django_assert_max_num_queries):
    user = user_create()
    client.force_login(user)
    event = event_create(capacity=5)
    for _ in range(3):
        register(event)
    client.get(event.url)  # warm caches (site, settings)

    with django_assert_max_num_queries(REGISTRATION_POST_MAX_QUERIES):
        assert post(client, event).status_code == 302

    registration = Registration.objects.get(event=event, user=user)
    assert registration.status == Registration.Status.CONFIRMED
    assert AuditEntry.objects.filter(
        action="events.registration.created", object_id=str(registration.pk)
    ).exists()
    assert Notification.objects.filter(user=user, kind="event").exists()


def test_nothing_but_the_count_and_the_insert_follows_the_lock(client):
    user = user_create()
    client.force_login(user)
    event = event_create(capacity=5)
    client.get(event.url)

    with CaptureQueriesContext(connection) as queries:
        assert post(client, event).status_code == 302

    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "events_eventstate" in q)
    insert = next(
        i
        for i, q in enumerate(sql)
        if q.startswith('INSERT INTO "events_registration"')
    )
    released = next(i for i in range(insert, len(sql)) if "RELEASE SAVEPOINT" in sql[i])
    # The locked block ends right after the insert and its audit entry (a
    # registration never exists without it): no reference index, no
    # notification inside it.
    locked = sql[lock:released]
    assert not any(
        table in q
        for q in locked
        for table in (
            "wagtailcore_referenceindex",
            "live_notification",
        )
    ), locked
    assert sum("accounts_auditentry" in q for q in locked) == 1, locked
    assert sum(q.startswith('INSERT INTO "events_registration"') for q in locked) == 1
    assert len(locked) <= LOCKED_STATEMENTS, locked


def test_registration_post_with_the_database_queue_query_bound(
    client, settings, django_assert_max_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = user_create()
    client.force_login(user)
    event = event_create(capacity=5)
    register(event)
    client.get(event.url)

    with django_assert_max_num_queries(REGISTRATION_POST_QUEUED_MAX_QUERIES):
        assert post(client, event).status_code == 302

    registration = Registration.objects.get(event=event, user=user)
    assert registration.status == Registration.Status.CONFIRMED
    # The notification is the worker's to store (test_messaging.py).
    assert not Notification.objects.filter(user=user).exists()
    assert DBTaskResult.objects.filter(
        task_path="events.tasks.registration_announce_task",
        args_kwargs__args=[registration.pk],
    ).exists()
