"""push_on_commit / push_now: JSON checked at call time, sent after commit,
a broken channel layer never reaches the sender."""

import datetime
import logging

import pytest
from django.utils.translation import gettext_lazy

from szkola.live import push
from szkola.live.models import Notification
from szkola.live.services import notify

from .factories import user_create


class BrokenLayer:
    """A channel layer whose server is gone."""

    def __init__(self):
        self.calls = 0

    async def group_send(self, group, message):
        self.calls += 1
        raise ConnectionError("Redis is down")


class RecordingLayer:
    def __init__(self):
        self.sent = []

    async def group_send(self, group, message):
        self.sent.append((group, message))


@pytest.mark.parametrize(
    "payload",
    [
        {"when": datetime.datetime(2026, 5, 1, 10, 0)},
        {"title": gettext_lazy("Powiadomienia")},
        {"ids": {1, 2}},
        {"object": object()},
    ],
    ids=["datetime", "lazy-string", "set", "object"],
)
def test_push_on_commit_rejects_non_json_payload_at_call_time(
    db, payload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises((TypeError, ValueError)):
            push.push_on_commit("user.1", payload)
    assert callbacks == []


def test_push_on_commit_sends_a_copy_made_at_call_time(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    layer = RecordingLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)
    payload = {"event": "notification", "unread": 1}
    with django_capture_on_commit_callbacks(execute=True):
        push.push_on_commit("user.7", payload)
        payload["unread"] = 99  # changed after the call: must not leak out
        assert layer.sent == []
    assert layer.sent == [
        ("user.7", {"type": "push", "payload": {"event": "notification", "unread": 1}})
    ]


def test_push_now_does_not_raise_when_the_layer_fails(monkeypatch, caplog):
    layer = BrokenLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)
    with caplog.at_level(logging.ERROR, logger="szkola.live.push"):
        push.push_now("user.1", {"event": "read", "unread": 0})
    assert layer.calls == 1
    assert "Live push to user.1 failed" in caplog.text


def test_push_now_does_nothing_without_a_layer(settings):
    settings.CHANNEL_LAYERS = {}
    push.push_now("user.1", {"event": "read", "unread": 0})


def test_notify_succeeds_and_keeps_the_notification_when_the_layer_fails(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    layer = BrokenLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)
    user = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user, title="Certyfikat gotowy")
    assert layer.calls == 1
    assert Notification.objects.get(pk=notification.pk).title == "Certyfikat gotowy"


def test_notify_with_real_failing_redis_does_not_raise(
    db, settings, django_capture_on_commit_callbacks
):
    # Nothing listens on port 1: the real channels-redis client fails to connect.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 1}
                ]
            },
        }
    }
    user = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, title="Mimo awarii")
    assert Notification.objects.filter(user=user, title="Mimo awarii").exists()


def test_notify_sends_only_json_through_the_layer(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    layer = RecordingLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)
    user = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user, title="Witamy", body="Treść", url="/kursy/", kind="course"
        )
    [(group, message)] = layer.sent
    assert group == f"user.{user.pk}"
    assert message["payload"]["notification"] == {
        "id": notification.pk,
        "kind": "course",
        "title": "Witamy",
        "body": "Treść",
        "url": "/kursy/",
        "created_at": notification.created_at.isoformat(),
        "read": False,
        # What the socket renders in the reader's language (plain strings
        # are content and stay as they are).
        "message": {"title": "Witamy", "body": "Treść"},
    }


def test_user_group_name_is_valid_for_the_layer():
    from channels.layers import BaseChannelLayer

    assert BaseChannelLayer().require_valid_group_name(push.user_group(123456))


# --- batched pushes (a bulk issue's many notifications) ------------------------


class LoopCountingLayer(RecordingLayer):
    """Records each send with the event loop it ran on."""

    async def group_send(self, group, message):
        import asyncio

        self.sent.append((group, message["payload"], id(asyncio.get_running_loop())))


def test_batched_pushes_wait_for_the_batch_and_keep_their_order(monkeypatch):
    layer = LoopCountingLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)

    with push.pushes_batched(size=10):
        for n in range(3):
            push.push_now(f"user.{n}", {"n": n})
        assert layer.sent == []

    assert [(group, payload) for group, payload, _loop in layer.sent] == [
        ("user.0", {"n": 0}),
        ("user.1", {"n": 1}),
        ("user.2", {"n": 2}),
    ]
    # One event loop for the batch, not one a push.
    assert len({loop for *_rest, loop in layer.sent}) == 1


def test_a_full_batch_and_a_flush_are_sent_at_once(monkeypatch):
    layer = LoopCountingLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)

    with push.pushes_batched(size=2):
        push.push_now("user.1", {"n": 1})
        assert layer.sent == []
        push.push_now("user.2", {"n": 2})
        assert len(layer.sent) == 2
        push.push_now("user.3", {"n": 3})
        push.pushes_flush()
        assert len(layer.sent) == 3
        push.pushes_flush()  # nothing queued: nothing sent
        assert len(layer.sent) == 3
    assert len(layer.sent) == 3


def test_a_batch_is_sent_when_its_block_raises(monkeypatch):
    layer = LoopCountingLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)

    with pytest.raises(RuntimeError), push.pushes_batched():
        push.push_now("user.1", {"n": 1})
        raise RuntimeError("chunk failed")

    assert [group for group, *_rest in layer.sent] == ["user.1"]
    push.push_now("user.2", {"n": 2})  # after the block: at once again
    assert [group for group, *_rest in layer.sent] == ["user.1", "user.2"]


def test_one_failing_send_of_a_batch_does_not_stop_the_others(monkeypatch, caplog):
    sent = []

    class FlakyLayer:
        async def group_send(self, group, message):
            if group == "user.2":
                raise ConnectionError("Redis is down")
            sent.append(group)

    monkeypatch.setattr(push, "get_channel_layer", lambda: FlakyLayer())
    with (
        caplog.at_level(logging.ERROR, logger="szkola.live.push"),
        push.pushes_batched(),
    ):
        for n in (1, 2, 3):
            push.push_now(f"user.{n}", {"n": n})

    assert sent == ["user.1", "user.3"]
    assert "Live push to user.2 failed" in caplog.text


def test_a_nested_batch_joins_the_outer_one(monkeypatch):
    layer = LoopCountingLayer()
    monkeypatch.setattr(push, "get_channel_layer", lambda: layer)

    with push.pushes_batched(size=10):
        with push.pushes_batched(size=10):
            push.push_now("user.1", {"n": 1})
        assert layer.sent == []
    assert len(layer.sent) == 1
