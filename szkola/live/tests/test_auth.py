"""The socket's user, read from the session inside the consumer's own trip to
the database thread (szkola/live/auth.py)."""

import asyncio

import pytest
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import SynchronousOnlyOperation

from szkola.live.auth import SessionUser, user_from_session

from .factories import user_create

pytestmark = pytest.mark.django_db


def signed_in_session(client, user):
    client.force_login(user)
    return SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_the_session_names_the_user(client):
    user = user_create()
    assert user_from_session(signed_in_session(client, user)) == user


def test_a_session_from_before_a_password_change_is_refused(client):
    user = user_create()
    session = signed_in_session(client, user)
    user.set_password("nowe-hasło-1234")
    user.save()

    found = user_from_session(session)

    assert not found.is_authenticated
    assert HASH_SESSION_KEY not in session  # flushed, as Channels does


def test_an_empty_session_is_anonymous():
    assert not user_from_session(SessionStore()).is_authenticated


def test_the_lazy_user_is_read_on_first_use_in_sync_code(
    client, django_assert_num_queries
):
    user = user_create()
    scope = {"session": signed_in_session(client, user)}

    lazy = SessionUser(scope)
    with django_assert_num_queries(2):  # the session, the user
        assert lazy.is_authenticated
    with django_assert_num_queries(0):
        assert lazy.pk == user.pk


def test_the_lazy_user_is_never_read_on_the_event_loop(client):
    """Reading it there would block every socket of the process."""
    scope = {"session": signed_in_session(client, user_create())}

    async def on_the_loop():
        return SessionUser(scope).is_authenticated

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(on_the_loop())
