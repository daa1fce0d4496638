"""Notification list page, mark-read and the JSON feed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szkola.live.models import Notification

from .factories import notification_create, user_create

LIST_URL = reverse("live:notifications")
FEED_URL = reverse("live:feed")
MARK_URL = reverse("live:mark_read")


@pytest.fixture
def user(db):
    return user_create()


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [LIST_URL, FEED_URL])
def test_pages_need_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_list_shows_own_notifications_only(signed_in, user):
    notification_create(user=user, title="Moje zaproszenie", url="/wydarzenia/5/")
    notification_create(user=user_create(), title="Cudze powiadomienie")
    response = signed_in.get(LIST_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Moje zaproszenie" in html
    assert 'href="/wydarzenia/5/"' in html
    assert "Cudze powiadomienie" not in html


def test_list_without_notifications_says_so(signed_in):
    response = signed_in.get(LIST_URL)
    assert "Nie masz jeszcze powiadomień." in response.content.decode()


def test_list_query_count_does_not_grow_with_notifications(signed_in, user):
    notification_create(user=user)
    signed_in.get(LIST_URL)  # warm per-process caches (site, settings)
    with CaptureQueriesContext(connection) as few:
        signed_in.get(LIST_URL)
    # Counted now: the next request outside a capture empties the query log.
    few_count = len(few)
    for n in range(15):
        notification_create(user=user, title=f"Powiadomienie {n}")
    # The unread count, renewed by the new ones, cached again.
    signed_in.get(LIST_URL)
    with CaptureQueriesContext(connection) as many:
        signed_in.get(LIST_URL)
    assert len(many) == few_count


def test_mark_read_marks_chosen_own_notifications(signed_in, user):
    first = notification_create(user=user)
    second = notification_create(user=user)
    response = signed_in.post(MARK_URL, {"id": [str(first.pk)]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_read_leaves_other_users_notifications_alone(signed_in, user):
    foreign = notification_create(user=user_create())
    own = notification_create(user=user)
    signed_in.post(MARK_URL, {"id": [str(foreign.pk), str(own.pk)]})
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert foreign.read_at is None
    assert own.read_at is not None


def test_mark_read_without_ids_marks_all_own(signed_in, user):
    notification_create(user=user)
    notification_create(user=user)
    foreign = notification_create(user=user_create())
    signed_in.post(MARK_URL)
    assert not Notification.objects.filter(user=user, read_at=None).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_read_confirms_with_a_message(signed_in, user):
    notification_create(user=user)
    response = signed_in.post(MARK_URL, follow=True)
    assert "Oznaczono jako przeczytane." in response.content.decode()


@pytest.mark.parametrize("bad_id", ["abc", "²", "-1", "1.5", "9" * 30, ""], ids=repr)
def test_mark_read_with_bad_id_changes_nothing_and_says_why(signed_in, user, bad_id):
    own = notification_create(user=user)
    response = signed_in.post(MARK_URL, {"id": [str(own.pk), bad_id]}, follow=True)
    assert response.status_code == 200
    assert "Nie rozpoznano wskazanych powiadomień." in response.content.decode()
    own.refresh_from_db()
    assert own.read_at is None


def test_mark_read_refuses_get(signed_in, user):
    own = notification_create(user=user)
    response = signed_in.get(MARK_URL, {"id": own.pk})
    assert response.status_code == 405
    own.refresh_from_db()
    assert own.read_at is None


def test_feed_returns_own_unread_count_and_latest(signed_in, user):
    notification_create(user=user, title="Przeczytane", read=True)
    newest = notification_create(user=user, title="Nowe")
    notification_create(user=user_create(), title="Cudze")
    data = signed_in.get(FEED_URL).json()
    assert data["unread"] == 1
    assert [n["title"] for n in data["notifications"]] == ["Nowe", "Przeczytane"]
    assert data["notifications"][0]["id"] == newest.pk
    assert data["notifications"][0]["read"] is False


def test_feed_is_limited_to_twenty(signed_in, user):
    for n in range(25):
        notification_create(user=user, title=f"P{n}")
    data = signed_in.get(FEED_URL).json()
    assert len(data["notifications"]) == 20
    assert data["unread"] == 25


def test_feed_query_count_does_not_grow_with_notifications(signed_in, user):
    notification_create(user=user)
    signed_in.get(FEED_URL)
    with CaptureQueriesContext(connection) as few:
        signed_in.get(FEED_URL)
    # Counted now: the next request outside a capture empties the query log.
    few_count = len(few)
    for n in range(15):
        notification_create(user=user, title=f"P{n}")
    # The unread count, renewed by the new ones, cached again.
    signed_in.get(FEED_URL)
    with CaptureQueriesContext(connection) as many:
        signed_in.get(FEED_URL)
    assert len(many) == few_count
