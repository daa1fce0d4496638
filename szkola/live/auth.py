"""Who is at the other end of a socket, read where the connect's database work
runs.

Channels' ``AuthMiddlewareStack`` loads the session and the user in a trip of
its own to the database thread, before the consumer starts; the consumer's
checks then need another. ``SessionAuthMiddlewareStack`` only puts a lazy
user in the scope: it is read from the session on first use, which
``LiveConsumer.enter`` makes inside the connect's one trip. It reads as
Channels' ``get_user`` does: the session's user through the backend that
signed them in, refused (and the session flushed) when the session's
password hash no longer matches.
"""

import asyncio

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SynchronousOnlyOperation
from django.utils.crypto import constant_time_compare
from django.utils.functional import LazyObject


def user_from_session(session):
    """The signed-in user of ``session``, or AnonymousUser."""
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    user = load_backend(backend_path).get_user(user_id)
    if user is not None and hasattr(user, "get_session_auth_hash"):
        session_hash = session.get(HASH_SESSION_KEY)
        if not (
            session_hash
            and constant_time_compare(session_hash, user.get_session_auth_hash())
        ):
            session.flush()
            user = None
    return user or AnonymousUser()


class SessionUser(LazyObject):
    """The scope's user, read from the scope's session on first use, which
    must happen in sync code (the database thread), never on the event
    loop."""

    def __init__(self, scope):
        super().__init__()
        self.__dict__["_scope"] = scope

    def _setup(self):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise SynchronousOnlyOperation(
                "The socket's user is read from the database: use it inside "
                "database_sync_to_async (LiveConsumer.enter)."
            )
        self._wrapped = user_from_session(self._scope["session"])


def user_resolved(user):
    """The user object behind a lazy scope user (ours or Channels'), read now.
    Handed on as the proxy, every attribute the selectors and the ORM read
    would go through it."""
    if isinstance(user, LazyObject):
        user.is_authenticated  # noqa: B018 - reads the user
        # Django's LazyObject keeps the object there (Channels sets it so).
        return user._wrapped
    return user


class LazyAuthMiddleware(AuthMiddleware):
    def populate_scope(self, scope):
        if "session" not in scope:
            raise ValueError("LazyAuthMiddleware needs SessionMiddleware above it.")
        if "user" not in scope:
            scope["user"] = SessionUser(scope)

    async def resolve_scope(self, scope):
        # Read on first use, in the consumer's trip to the database thread.
        return None


def SessionAuthMiddlewareStack(inner):  # noqa: N802 - named like Channels' stack
    return CookieMiddleware(SessionMiddleware(LazyAuthMiddleware(inner)))
