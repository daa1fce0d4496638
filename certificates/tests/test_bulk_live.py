"""Bulk issue, live: the result names who was skipped and why, progress is
pushed to the run's group while certificates are drawn, and only
coordinators whose scope covers the source may follow it."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from certificates.models import BulkIssue, Completion
from certificates.services import bulk_issue_run, certificate_issue
from szkola.live.tests.sockets import (
    keep_test_connection,  # noqa: F401 - a fixture
    run_sockets,
)

from .factories import completion_create, coordinator_create, user_create

pytestmark = pytest.mark.django_db


def bulk_for(source_id: int, actor) -> BulkIssue:
    # The run as bulk_issue_start stores it, without enqueuing the task.
    first = Completion.objects.filter(source_id=source_id).first()
    return BulkIssue.objects.create(
        source_kind="event",
        source_id=source_id,
        source_title=first.source_title,
        requested_by=actor,
        total=Completion.objects.filter(source_id=source_id).count(),
    )


def test_result_lists_who_was_skipped_and_why():
    coordinator = coordinator_create(scope="18")
    holder = user_create(first_name="Ewa", last_name="Gołąb")
    nameless = user_create(first_name="", last_name="", email="bez@ops.example.pl")
    completion_create(user=user_create(), kind="event", id=950, organiser="18")
    certificate_issue(
        completion=completion_create(user=holder, kind="event", id=950, organiser="18")
    )
    completion_create(user=nameless, kind="event", id=950, organiser="18")

    run = bulk_issue_run(bulk_id=bulk_for(950, coordinator).pk)

    assert (run.status, run.done, run.issued, run.failed) == ("done", 3, 1, 2)
    reasons = {row["name"]: row["reason"] for row in run.skipped}
    assert reasons["Ewa Gołąb"] == "ma już zaświadczenie"
    assert "nie ma imienia i nazwiska" in reasons["bez@ops.example.pl"]
    assert BulkIssue.objects.get(pk=run.pk).as_payload()["skipped"] == run.skipped


def test_progress_is_pushed_while_certificates_are_drawn(monkeypatch):
    from szkola.live import push

    sent = []

    class RecordingLayer:
        async def group_send(self, group, message):
            sent.append((group, message["payload"]["bulk"]))

    monkeypatch.setattr(push, "get_channel_layer", lambda: RecordingLayer())
    coordinator = coordinator_create(scope="18")
    for _ in range(12):
        completion_create(kind="event", id=951, organiser="18")
    run = bulk_for(951, coordinator)

    bulk_issue_run(bulk_id=run.pk)

    assert {group for group, _ in sent} == {f"bulk-issue.{run.pk}"}
    done_steps = [bulk["done"] for _, bulk in sent]
    # Started, then every ten certificates, then the end.
    assert done_steps[0] == 0 and 10 in done_steps and done_steps[-1] == 12
    assert sent[-1][1]["status"] == "done"


@pytest.mark.django_db(transaction=True)
def test_holders_notifications_go_out_with_the_progress_reports(monkeypatch):
    """A bulk run batches its live pushes: each holder's notification is
    pushed (to their own group), in a few sends that each share an event
    loop, not one loop and Redis connection a certificate. (Transactional:
    the notifications are pushed when each certificate commits.)"""
    import asyncio

    from szkola.live import push

    sent = []

    class RecordingLayer:
        async def group_send(self, group, message):
            sent.append((group, id(asyncio.get_running_loop())))

    monkeypatch.setattr(push, "get_channel_layer", lambda: RecordingLayer())
    coordinator = coordinator_create(scope="18")
    holders = [
        completion_create(kind="event", id=952, organiser="18").user for _ in range(12)
    ]
    run = bulk_for(952, coordinator)

    bulk_issue_run(bulk_id=run.pk)

    groups = [group for group, _loop in sent]
    assert sorted(g for g in groups if g.startswith("user.")) == sorted(
        f"user.{holder.pk}" for holder in holders
    )
    progress = groups.count(f"bulk-issue.{run.pk}")
    assert progress >= 3  # started, after ten, done (and the run's sum)
    # One event loop per progress report at most: 12 notifications and the
    # reports went out in as many sends as there were reports.
    assert len({loop for _group, loop in sent}) <= progress


# --- the socket ---------------------------------------------------------------


@pytest.fixture
def application(monkeypatch, request):
    # The sockets' database work shares the test's connection (see sockets.py).
    request.getfixturevalue("keep_test_connection")
    from channels.layers import channel_layers

    from szkola.asgi import application

    validator = application.application_mapping["websocket"]
    monkeypatch.setattr(validator, "allowed_origins", ["127.0.0.1"])
    # A layer instance of the test's own: the shared one may still be
    # receiving on the browser journeys' live server loop, and channels-redis
    # lets one instance receive on one event loop at a time ("Two event loops
    # are trying to receive() on one channel layer at once").
    channel_layers.backends = {}
    yield application
    channel_layers.backends = {}


def headers_for(client, user, *, second_factor: bool = True) -> list:
    """A signed-in staff session, as after a login with TOTP (or without)."""
    from szkola.accounts.tests.factories import mark_session_mfa

    client.force_login(user)
    if second_factor:
        mark_session_mfa(client, user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", b"http://127.0.0.1"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()),
    ]


def connect(application, run_id: int, headers):
    async def scenario():
        communicator = WebsocketCommunicator(
            application, f"/ws/certyfikaty/zbiorczo/{run_id}/", headers
        )
        accepted, code = await communicator.connect(timeout=5)
        first = await communicator.receive_json_from(timeout=5) if accepted else None
        await communicator.disconnect()
        return accepted, code, first

    return run_sockets(scenario)


def test_coordinator_in_scope_gets_the_current_state_on_connect(client, application):
    coordinator = coordinator_create(scope="18")
    completion_create(kind="event", id=952, organiser="18")
    run = bulk_for(952, coordinator)
    accepted, _, first = connect(application, run.pk, headers_for(client, coordinator))
    assert accepted
    assert first == {"event": "progress", "bulk": run.as_payload()}


def test_coordinator_without_the_second_factor_is_refused(client, application):
    coordinator = coordinator_create(scope="18")
    completion_create(kind="event", id=954, organiser="18")
    run = bulk_for(954, coordinator)
    headers = headers_for(client, coordinator, second_factor=False)
    accepted, code, _first = connect(application, run.pk, headers)
    assert (accepted, code) == (False, 4403)


def test_coordinator_of_another_voivodeship_is_refused(client, application):
    completion_create(kind="event", id=953, organiser="18")
    run = bulk_for(953, coordinator_create(scope="18"))
    other = coordinator_create(scope="06")
    accepted, code, _ = connect(application, run.pk, headers_for(client, other))
    assert (accepted, code) == (False, 4403)


def test_participant_is_refused(client, application):
    completion_create(kind="event", id=954, organiser="18")
    run = bulk_for(954, coordinator_create(scope="18"))
    accepted, code, _ = connect(application, run.pk, headers_for(client, user_create()))
    assert (accepted, code) == (False, 4403)


def test_unknown_run_is_refused(client, application):
    coordinator = coordinator_create(scope="18")
    accepted, code, _ = connect(application, 999999, headers_for(client, coordinator))
    assert (accepted, code) == (False, 4403)


@pytest.mark.django_db(transaction=True)
def test_open_progress_socket_receives_the_run_as_it_moves(client, application):
    coordinator = coordinator_create(scope="18")
    for _ in range(3):
        completion_create(kind="event", id=955, organiser="18")
    run = bulk_for(955, coordinator)
    headers = headers_for(client, coordinator)

    async def scenario():
        communicator = WebsocketCommunicator(
            application, f"/ws/certyfikaty/zbiorczo/{run.pk}/", headers
        )
        await communicator.connect(timeout=5)
        await communicator.receive_json_from(timeout=5)  # snapshot
        await sync_to_async(bulk_issue_run)(bulk_id=run.pk)
        seen = []
        while not seen or seen[-1]["status"] != "done":
            seen.append((await communicator.receive_json_from(timeout=5))["bulk"])
        await communicator.disconnect()
        return seen

    seen = run_sockets(scenario)
    assert seen[0]["status"] == "running"
    assert seen[-1]["issued"] == 3
