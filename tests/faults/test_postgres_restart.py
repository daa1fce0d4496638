"""PostgreSQL restarting under load. What a restart does to a running web
process is drop every open database connection; the server then accepts new
ones. Requests caught in flight may fail with the Polish 500 page, the next
ones succeed (production keeps connections open and checks them before use:
``CONN_HEALTH_CHECKS``), and nothing is half-written.

The drop is made the way the server itself makes it on a fast shutdown:
``pg_terminate_backend`` on every connection the test's web process holds,
from a connection of its own. PostgreSQL only."""

import threading
import time
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from events.models import Registration
from events.tests.factories import event_create, user_create
from szkola.accounts.models import AuditEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="drops PostgreSQL connections"
    ),
]

PEOPLE = 40
PLACES = 10
APPLICATION = "szkola-restart-test"


def _admin_connection() -> psycopg.Connection:
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
        autocommit=True,
    )


def _drop_every_connection(admin: psycopg.Connection) -> int:
    """What a restart does to the web process: every connection it holds to
    the database is gone. Only the connections this test opened (named
    ``APPLICATION``) are dropped: other tests' servers share the database.
    Returns how many were dropped."""
    rows = admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = %s",
        [APPLICATION],
    ).fetchall()
    return sum(1 for (dropped,) in rows if dropped)


@pytest.fixture
def production_connections():
    """Connections kept open between requests and checked before use, as
    the production settings have them (szkola/settings/base.py), and named
    so that only they are dropped."""
    dictionaries = [connections.settings["default"], connection.settings_dict]
    saved = [
        (d.get("CONN_MAX_AGE"), d.get("CONN_HEALTH_CHECKS"), d.get("OPTIONS"))
        for d in dictionaries
    ]
    for dictionary in dictionaries:
        dictionary["CONN_MAX_AGE"] = 60
        dictionary["CONN_HEALTH_CHECKS"] = True
        dictionary["OPTIONS"] = {
            **(dictionary.get("OPTIONS") or {}),
            "application_name": APPLICATION,
        }
    connection.close()  # the next one opens with these settings
    admin = _admin_connection()
    yield admin
    admin.close()
    for dictionary, (age, checks, options) in zip(dictionaries, saved, strict=True):
        dictionary["CONN_MAX_AGE"] = age
        dictionary["CONN_HEALTH_CHECKS"] = checks
        dictionary["OPTIONS"] = options
    connection.close()  # the test's own connection was dropped too


def _served(path: str) -> tuple[str, str]:
    """One GET through Django's own WSGI handler, as the web server calls
    it (the test client leaves out the start-of-request connection check
    that matters here)."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    status = []
    body = WSGIHandler()(environ, lambda code, headers: status.append(code))
    try:
        return status[0], b"".join(body).decode()
    finally:
        body.close()


def test_the_first_request_after_a_restart_succeeds(production_connections):
    event = event_create(title="Szkolenie w Hajnówce")
    assert _served(event.url)[0].startswith("200")
    assert connection.connection is not None  # kept open for the next request

    assert _drop_every_connection(production_connections) >= 1

    status, page = _served(event.url)
    assert status.startswith("200")
    assert "Szkolenie w Hajnówce" in page


def test_a_registration_burst_through_a_restart_loses_and_doubles_nothing(
    production_connections,
):
    event = event_create(capacity=PLACES)
    people = [user_create() for _ in range(PEOPLE)]
    clients = []
    for person in people:
        client = Client(raise_request_exception=False)
        client.force_login(person)
        clients.append(client)
    url = reverse("events:register", args=[event.pk])
    connection.close()
    responses: dict[int, int] = {}
    pages_500: list[str] = []
    barrier = threading.Barrier(PEOPLE + 1)

    def register(index: int) -> None:
        try:
            barrier.wait()
            response = clients[index].post(
                url, {"diet": "standard", "accept_waitlist": "on"}
            )
            responses[index] = response.status_code
            if response.status_code == 500:
                pages_500.append(response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    barrier.wait()
    # The server goes down once the burst is under way: a few people are
    # registered, the rest are in flight or queued on the event's lock.
    count = f"SELECT count(*) FROM {Registration._meta.db_table} WHERE event_id = %s"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        (stored,) = production_connections.execute(count, [event.pk]).fetchone()
        if stored >= 3:
            break
        time.sleep(0.005)
    dropped = 0
    for _ in range(3):
        dropped += _drop_every_connection(production_connections)
        time.sleep(0.02)
    for thread in threads:
        thread.join()

    assert dropped >= 1
    assert set(responses.values()) <= {302, 500}, responses
    assert pages_500, "the drop caught nobody in flight"
    for page in pages_500:  # what someone caught in flight sees
        assert 'lang="pl"' in page and "Coś poszło nie tak" in page

    # Nothing half-written: every registration stored has its audit entry,
    # and no place was given twice.
    def consistent() -> None:
        stored = list(Registration.objects.filter(event=event))
        audited = set(
            AuditEntry.objects.filter(action="events.registration.created").values_list(
                "object_id", flat=True
            )
        )
        assert {str(r.pk) for r in stored} <= audited
        assert len({r.user_id for r in stored}) == len(stored)
        confirmed = [r for r in stored if r.status == Registration.Status.CONFIRMED]
        assert len(confirmed) <= PLACES

    consistent()

    # The next requests succeed: everyone whose request failed tries again.
    for index, status in sorted(responses.items()):
        if status != 302:
            assert (
                clients[index]
                .post(url, {"diet": "standard", "accept_waitlist": "on"})
                .status_code
                == 302
            )
    consistent()
    statuses = list(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert len(statuses) == PEOPLE
    assert statuses.count(Registration.Status.CONFIRMED) == PLACES
    assert statuses.count(Registration.Status.WAITLISTED) == PEOPLE - PLACES
