"""NotificationConsumer through the project's real ASGI application: origin
check, session authentication, URL routing and the channel layer, on the
in-memory layer and (with REDIS_URL) on channels-redis."""

import asyncio

from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction

from szkola.live.layers import group_members_in_redis
from szkola.live.push import push_now, user_group
from szkola.live.services import notify

from .factories import notification_create, user_create
from .sockets import run_sockets

PATH = "/ws/powiadomienia/"
ALLOWED_ORIGIN = "http://127.0.0.1"


def session_headers(client, user, *, origin: str = ALLOWED_ORIGIN) -> list:
    client.force_login(user)
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", origin.encode()),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_id}".encode()),
    ]


def run(scenario):
    """Run an async scenario from a sync test: database work inside it goes
    back to this thread (thread-sensitive), inside the test's transaction,
    and nothing it started outlives it."""
    return run_sockets(scenario)


async def connected(application, headers) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, PATH, headers=headers)
    accepted, code = await communicator.connect(timeout=5)
    assert accepted, f"connection refused with code {code}"
    return communicator


async def group_size(layer, group: str) -> int:
    if hasattr(layer, "groups"):  # InMemoryChannelLayer
        return len(layer.groups.get(group, {}))
    return await group_members_in_redis(layer, group)


def test_signed_in_user_gets_hello_with_unread_count(
    db, client, application, channel_layer
):
    user = user_create()
    notification_create(user=user)
    notification_create(user=user)
    notification_create(user=user, read=True)
    notification_create(user=user_create())
    headers = session_headers(client, user)

    async def scenario():
        communicator = await connected(application, headers)
        hello = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return hello

    assert run(scenario) == {"event": "hello", "unread": 2}


def test_connection_without_session_is_refused(db, application, channel_layer):
    async def scenario():
        communicator = WebsocketCommunicator(
            application, PATH, headers=[(b"origin", ALLOWED_ORIGIN.encode())]
        )
        return await communicator.connect(timeout=5)

    accepted, code = run(scenario)
    assert accepted is False
    assert code == 4401


def test_connection_with_expired_session_is_refused(
    db, client, application, channel_layer
):
    user = user_create()
    headers = session_headers(client, user)
    client.logout()

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        return await communicator.connect(timeout=5)

    accepted, _code = run(scenario)
    assert accepted is False


def test_connection_from_foreign_origin_is_refused(
    db, client, application, channel_layer
):
    user = user_create()
    headers = session_headers(client, user, origin="https://evil.example")

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        accepted, _code = await communicator.connect(timeout=5)
        members = await group_size(channel_layer, user_group(user.pk))
        return accepted, members

    accepted, members = run(scenario)
    assert accepted is False
    assert members == 0


def test_connection_without_origin_is_refused(db, client, application, channel_layer):
    user = user_create()
    headers = [h for h in session_headers(client, user) if h[0] != b"origin"]

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        return await communicator.connect(timeout=5)

    accepted, _code = run(scenario)
    assert accepted is False


def test_notification_is_pushed_only_after_commit(
    transactional_db, client, application, channel_layer
):
    user = user_create()
    headers = session_headers(client, user)
    group = user_group(user.pk)

    async def receive_or_none(channel: str, timeout: float):
        try:
            return await asyncio.wait_for(channel_layer.receive(channel), timeout)
        except TimeoutError:
            return None

    def write_and_look_before_commit(spy: str):
        with transaction.atomic():
            notify(user, title="Zaproszenie na szkolenie", url="/wydarzenia/1/")
            # Still inside the transaction: nothing may have reached the group.
            # (A listener on the layer itself, because the consumer handles
            # messages only when this thread is free again.)
            return async_to_sync(receive_or_none)(spy, 0.5)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        spy = await channel_layer.new_channel()
        await channel_layer.group_add(group, spy)
        before_commit = await sync_to_async(write_and_look_before_commit)(spy)
        spied_after_commit = await receive_or_none(spy, 5)
        pushed = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        await channel_layer.group_discard(group, spy)
        return before_commit, spied_after_commit, pushed

    before_commit, spied_after_commit, pushed = run(scenario)
    assert before_commit is None
    assert spied_after_commit is not None
    assert pushed["event"] == "notification"
    assert pushed["unread"] == 1
    assert pushed["notification"]["title"] == "Zaproszenie na szkolenie"
    assert pushed["notification"]["url"] == "/wydarzenia/1/"
    assert pushed["notification"]["read"] is False


def test_rolled_back_notification_is_never_pushed(
    transactional_db, client, application, channel_layer
):
    user = user_create()
    headers = session_headers(client, user)

    class Abort(Exception):
        pass

    def write_and_roll_back() -> None:
        try:
            with transaction.atomic():
                notify(user, title="Nie zostanie wysłane")
                raise Abort
        except Abort:
            pass

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        await sync_to_async(write_and_roll_back)()
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return nothing

    assert run(scenario) is True


def test_other_users_notification_does_not_arrive(
    db, client, application, channel_layer, django_capture_on_commit_callbacks
):
    user = user_create()
    other = user_create()
    headers = session_headers(client, user)

    def notify_and_commit(recipient, title: str) -> None:
        # Pushed as the service's transaction would commit.
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipient, title=title)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        await sync_to_async(notify_and_commit)(other, "Dla kogoś innego")
        await sync_to_async(notify_and_commit)(user, "Dla mnie")
        # Sent in that order on one layer: had the first leaked, it would
        # arrive before the second.
        first = await communicator.receive_json_from(timeout=5)
        nothing_more = await communicator.receive_nothing(timeout=0.3)
        await communicator.disconnect()
        return first, nothing_more

    first, nothing_more = run(scenario)
    assert first["notification"]["title"] == "Dla mnie"
    assert nothing_more is True


def test_disconnect_leaves_the_group(db, client, application, channel_layer):
    user = user_create()
    headers = session_headers(client, user)
    group = user_group(user.pk)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        while_connected = await group_size(channel_layer, group)
        await communicator.disconnect()
        after = await group_size(channel_layer, group)
        return while_connected, after

    assert run(scenario) == (1, 0)


def test_ping_is_answered_with_pong(db, client, application, channel_layer):
    user = user_create()
    headers = session_headers(client, user)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        await communicator.send_json_to({"event": "ping"})
        reply = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return reply

    assert run(scenario) == {"event": "pong"}


def test_pushes_skip_the_database_hop_other_messages_keep_it(
    db, client, application, channel_layer, monkeypatch
):
    """A broadcast reaches every socket of a room at once: forwarding a push
    must not queue a trip to the sync thread per socket (Channels tidies
    database connections before each handler). Handlers that may use the
    database still get it."""
    import channels.consumer

    hops = []
    real = channels.consumer.aclose_old_connections

    async def counted():
        hops.append(1)
        await real()

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    user = user_create()
    headers = session_headers(client, user)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        before = len(hops)
        for n in range(3):
            await sync_to_async(push_now)(user_group(user.pk), {"event": "n", "n": n})
        pushed = [await communicator.receive_json_from(timeout=5) for _ in range(3)]
        after_pushes = len(hops)
        await communicator.send_json_to({"event": "ping"})
        await communicator.receive_json_from(timeout=5)  # pong
        after_ping = len(hops)
        await communicator.disconnect()
        return pushed, before, after_pushes, after_ping

    pushed, before, after_pushes, after_ping = run(scenario)
    assert pushed == [{"event": "n", "n": n} for n in range(3)]
    assert after_pushes == before
    assert after_ping == after_pushes + 1


def test_marking_read_updates_the_count_on_open_pages(
    db, client, application, channel_layer, django_capture_on_commit_callbacks
):
    from szkola.live.services import notifications_mark_read

    user = user_create()
    first = notification_create(user=user)
    notification_create(user=user)
    headers = session_headers(client, user)

    def mark_read_and_commit(**kwargs) -> None:
        # Pushed as the service's transaction would commit.
        with django_capture_on_commit_callbacks(execute=True):
            notifications_mark_read(user=user, **kwargs)

    async def scenario():
        communicator = await connected(application, headers)
        hello = await communicator.receive_json_from(timeout=5)
        await sync_to_async(mark_read_and_commit)(ids=[first.pk])
        after_one = await communicator.receive_json_from(timeout=5)
        await sync_to_async(mark_read_and_commit)()
        after_all = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return hello, after_one, after_all

    hello, after_one, after_all = run(scenario)
    assert hello["unread"] == 2
    assert after_one == {"event": "read", "unread": 1}
    assert after_all == {"event": "read", "unread": 0}


def test_malformed_messages_are_ignored_and_the_socket_stays_open(
    db, client, application, channel_layer
):
    user = user_create()
    headers = session_headers(client, user)

    async def scenario():
        communicator = await connected(application, headers)
        await communicator.receive_json_from(timeout=5)  # hello
        await communicator.send_to(text_data="to nie jest JSON")
        await communicator.send_to(text_data="[1, 2]")
        await communicator.send_to(bytes_data=b"\x00\x01")
        silent = await communicator.receive_nothing(timeout=0.3)
        await communicator.send_json_to({"event": "ping"})
        reply = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return silent, reply

    assert run(scenario) == (True, {"event": "pong"})
