"""The registration POST stays lean, and the event's lock covers only the
counting and the insert."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from ..models import Registration
from .factories import event_create, register, user_create

pytestmark = pytest.mark.django_db

# Was 36: the registration no longer goes into Wagtail's reference index
# (five queries, under the event's lock).
REGISTRATION_POST_MAX_QUERIES = 31


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
    assert len(locked) <= 9, locked
