"""notify and notifications_mark_read."""

import pytest

from szkola.live.models import Notification
from szkola.live.services import NotificationError, notifications_mark_read, notify

from .factories import notification_create, user_create


@pytest.fixture
def user(db):
    return user_create()


def test_notify_stores_the_notification(user):
    notification = notify(
        user, title="Nowy kurs", body="Zapraszamy", url="/kursy/1/", kind="course"
    )
    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.user, stored.title, stored.body, stored.url, stored.kind) == (
        user,
        "Nowy kurs",
        "Zapraszamy",
        "/kursy/1/",
        "course",
    )
    assert stored.read_at is None


def test_notify_cuts_an_overlong_title(user):
    notification = notify(user, title="x" * 300)
    assert len(notification.title) == 200


@pytest.mark.parametrize(
    "url", ["/moje/", "https://example.pl/strona", "HTTP://example.pl", ""]
)
def test_notify_accepts_site_paths_and_web_addresses(user, url):
    assert notify(user, title="T", url=url).url == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "//evil.example/",
        "/\\evil.example",
        "data:text/html,x",
        "kursy/1/",
    ],
)
def test_notify_refuses_other_links_and_stores_nothing(user, url):
    with pytest.raises(NotificationError) as error:
        notify(user, title="T", url=url)
    assert error.value.code == "unsafe_url"
    assert not Notification.objects.exists()


def test_mark_read_by_ids_changes_only_own_unread(user):
    own = notification_create(user=user)
    already = notification_create(user=user, read=True)
    foreign = notification_create(user=user_create())
    changed = notifications_mark_read(user=user, ids=[own.pk, already.pk, foreign.pk])
    assert changed == 1
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_read_all_returns_how_many_changed(user):
    notification_create(user=user)
    notification_create(user=user)
    assert notifications_mark_read(user=user) == 2
    assert notifications_mark_read(user=user) == 0


def test_mark_read_pushes_the_new_unread_count(user, monkeypatch):
    from szkola.live import services

    pushed = []
    monkeypatch.setattr(
        services,
        "push_on_commit",
        lambda group, payload: pushed.append((group, payload)),
    )
    first = notification_create(user=user)
    notification_create(user=user)
    notifications_mark_read(user=user, ids=[first.pk])
    assert pushed == [(f"user.{user.pk}", {"event": "read", "unread": 1})]


def test_mark_read_without_changes_pushes_nothing(user, monkeypatch):
    from szkola.live import services

    pushed = []
    monkeypatch.setattr(
        services, "push_on_commit", lambda group, payload: pushed.append(payload)
    )
    notifications_mark_read(user=user)
    assert pushed == []


def test_unread_count_comes_from_the_cache_until_a_notification_changes(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from szkola.live.selectors import notifications_unread_count

    notify(user, title="Pierwsze")
    assert notifications_unread_count(user=user) == 1
    with CaptureQueriesContext(connection) as read_again:
        assert notifications_unread_count(user=user) == 1
    assert read_again.captured_queries == []

    notify(user, title="Drugie")
    assert notifications_unread_count(user=user) == 2
    notifications_mark_read(user=user, ids=[Notification.objects.first().pk])
    assert notifications_unread_count(user=user) == 1
    notifications_mark_read(user=user)
    assert notifications_unread_count(user=user) == 0


def test_unread_counts_are_kept_per_person(user):
    from szkola.live.selectors import notifications_unread_count

    other = user_create()
    notify(user, title="Dla jednej osoby")
    assert notifications_unread_count(user=other) == 0
    notify(other, title="Dla drugiej")
    assert notifications_unread_count(user=user) == 1
    assert notifications_unread_count(user=other) == 1
