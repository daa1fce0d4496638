"""WebSocket consumers: a robust base for every live page, and the
notification stream.

Every socket on the site follows the same contract, kept in ``LiveConsumer``:

- only a signed-in user whom ``allowed()`` lets in is accepted (4401 / 4403
  otherwise; the origin is checked before, by the ASGI application);
- on connect the socket joins its groups and sends a full state snapshot, so
  a page that reconnects after a dropped connection is in step at once;
- a connect costs one trip to the thread that runs database code (Channels
  runs all of a process's sync code in one thread, one call after another,
  so a thousand phones reconnecting at once queue there): the person from
  the session, the rights and the snapshot are read in that one call (two
  for a socket whose groups are named by the person, see
  ``groups_named_by_route``);
- a message pushed to a socket that has just closed never raises anywhere
  (not in the sender, who only talks to the channel layer, and not in the
  consumer, which would otherwise die without leaving its groups);
- leaving the groups on disconnect is retried, so a burst of disconnects
  that briefly exhausts the Redis connection pool leaves no stale members;
- when the channel layer's Redis goes away, open sockets are closed and new
  ones refused with ``CLOSE_LAYER_LOST``, which the page retries on.
"""

import asyncio
import logging
import random

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from redis.exceptions import RedisError

from szkola.accounts.permissions import (
    STAFF_MFA_CLOSE_CODE,
    staff_second_factor_missing,
)

from .auth import user_resolved
from .models import TITLE_LENGTH
from .push import user_group
from .selectors import notifications_unread_count
from .texts import text_render_in

logger = logging.getLogger(__name__)

# Close codes the browser client knows not to retry (static/js/live-socket.js).
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_NOT_ALLOWED = 4403
CLOSE_SERVER_ERROR = 1011
# RFC 6455 "Try Again Later": the channel layer (Redis) is away. The page
# shows "reconnecting" and retries with back-off; the snapshot it gets on the
# next successful connect brings it in step.
CLOSE_LAYER_LOST = 1013
# What a channel layer that lost its Redis raises (connection refused or
# reset, timeouts).
LAYER_ERRORS = (OSError, RedisError, asyncio.TimeoutError)

# Tries and base wait for leaving a group: 0.05 s doubling (plus jitter) to
# about 1.6 s, a few seconds in all - long enough for a pool emptied by a
# burst of disconnects to have connections again.
LEAVE_ATTEMPTS = 6
LEAVE_BASE_DELAY = 0.05


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Base for the site's sockets. Subclasses define:

    - ``def allowed(self, user) -> bool`` (default: any signed-in user),
    - ``def group_names(self) -> list[str]`` (the groups to join),
    - ``def snapshot(self) -> dict | str | None`` (sent right after
      connecting; a ``str`` is JSON text sent as it is),
    - ``async def on_action(self, content: dict)`` for messages from the page.

    ``allowed`` and ``snapshot`` are plain functions: they run in the
    database thread, inside the connect's one trip there.

    Pushes arrive as ``{"type": "push", "payload": {...}}`` (see
    ``szkola.live.push``) and go to the page as they are.
    """

    joined: list[str]
    accepted = False

    # Staff sockets (moderation, projector, check-in board, bulk progress)
    # show participants' data: a trainer, coordinator or admin whose session
    # has not used the second factor is refused with STAFF_MFA_CLOSE_CODE.
    staff_second_factor_required = False

    # The groups are named by the route alone, not by the person connecting:
    # they are joined before the checks, and the snapshot is read in the same
    # trip as the checks. Joining first is what keeps that snapshot in step:
    # a change committed after the join arrives as a push after it. Sockets
    # whose groups need the person (their own notifications) join after the
    # checks and read the snapshot in a second trip.
    groups_named_by_route = False

    def allowed(self, user) -> bool:
        return True

    def group_names(self) -> list[str]:
        return []

    def snapshot(self) -> dict | str | None:
        return None

    async def on_action(self, content: dict) -> None:
        return None

    # --- connection ---------------------------------------------------------

    async def connect(self):
        self.joined = []
        self.accepted = False
        if settings.SESSION_COOKIE_NAME not in self.scope.get("cookies", {}):
            # No session, no one to let in: refused before any work.
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        if self.groups_named_by_route and not await self.join_groups():
            return
        refusal, state = await database_sync_to_async(self.enter)()
        if refusal is not None:
            await self.leave_groups()
            await self.close(code=refusal)
            return
        if not self.groups_named_by_route:
            if not await self.join_groups():
                return
            state = await database_sync_to_async(self.snapshot)()
        await self.accept()
        self.accepted = True
        if isinstance(state, str):
            await self.send(text_data=state)
        elif state is not None:
            await self.send_json(state)

    def enter(self) -> tuple[int | None, dict | str | None]:
        """The connect's database work, in one call in the database thread:
        the person (from the session), the second factor, ``allowed`` and,
        when the groups are already joined, the snapshot. Returns the close
        code of a refusal (or None) and the snapshot."""
        user = user_resolved(self.scope.get("user"))
        if user is None or not user.is_authenticated:
            return CLOSE_NOT_SIGNED_IN, None
        self.user = user
        if self.staff_second_factor_required and staff_second_factor_missing(
            session=self.scope.get("session"), user=user
        ):
            return STAFF_MFA_CLOSE_CODE, None
        if not self.allowed(user):
            return CLOSE_NOT_ALLOWED, None
        return None, self.snapshot() if self.groups_named_by_route else None

    async def join_groups(self) -> bool:
        """Join ``group_names()``; False (and the socket closed) when the
        channel layer is away."""
        try:
            for group in self.group_names():
                await self.channel_layer.group_add(group, self.channel_name)
                self.joined.append(group)
        except LAYER_ERRORS as error:
            logger.warning("Live socket refused, channel layer away: %s", error)
            await self.close(code=CLOSE_LAYER_LOST)
            return False
        return True

    async def websocket_disconnect(self, message):
        # Channels' own version stops at the first group that fails to
        # leave; this one tries every group, each with retries.
        await self.leave_groups()
        await self.disconnect(message.get("code"))
        raise StopConsumer()

    async def leave_groups(self) -> None:
        joined, self.joined = getattr(self, "joined", []), []
        for group in joined:
            await self._leave(group)

    async def _leave(self, group: str) -> None:
        for attempt in range(LEAVE_ATTEMPTS):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
                return
            except Exception:  # noqa: BLE001 - retried, then logged
                if attempt == LEAVE_ATTEMPTS - 1:
                    logger.exception(
                        "Could not leave %s; the layer's group expiry removes it",
                        group,
                    )
                    return
                delay = LEAVE_BASE_DELAY * 2**attempt
                await asyncio.sleep(delay + random.uniform(0, delay))

    # --- robustness -----------------------------------------------------------

    # Channels sets ``channel_receive`` in ``__call__`` to read this socket's
    # channel from the layer. Wrapped here so that a layer whose Redis went
    # away becomes a message closing the socket with a code the page retries
    # on, instead of an exception that drops the socket without a close.
    @property
    def channel_receive(self):
        return self._channel_receive

    @channel_receive.setter
    def channel_receive(self, receive):
        async def guarded():
            try:
                return await receive()
            except LAYER_ERRORS as error:
                logger.warning("Live socket closed, channel layer away: %s", error)
                return {"type": "live.layer_lost"}

        self._channel_receive = guarded

    async def live_layer_lost(self, message):
        # The groups cannot be left while Redis is away; the layer's group
        # expiry removes this channel from them.
        self.joined = []
        await self.close(code=CLOSE_LAYER_LOST)
        raise StopConsumer()

    async def dispatch(self, message):
        try:
            kind = message["type"]
            if kind == "push":
                # A push only forwards its payload and touches no database.
                # Channels' dispatch would first hop to the sync thread to
                # tidy database connections, once per socket per message:
                # a broadcast to 1,000 sockets queued 1,000 such hops.
                # A socket joins its groups before it is let in: nothing
                # reaches one that is not (yet) accepted.
                if self.accepted:
                    await self.push(message)
            elif kind in ("websocket.connect", "websocket.disconnect"):
                # Connect and disconnect skip that hop too: their database
                # work goes through database_sync_to_async, which tidies the
                # connections before and after each call itself.
                await getattr(self, get_handler_name(message))(message)
            else:
                await super().dispatch(message)
        except StopConsumer:
            raise
        except Exception:
            # A bug in one handler must not kill the consumer silently: the
            # server would drop the socket without a disconnect, leaving its
            # groups behind. Leave them, close, and stop cleanly.
            logger.exception("Live socket failed handling %s", message.get("type"))
            await self.leave_groups()
            try:
                await self.close(code=CLOSE_SERVER_ERROR)
            except Exception:  # noqa: BLE001 - the socket may be gone already
                pass
            raise StopConsumer() from None

    async def send(self, text_data=None, bytes_data=None, close=False):
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except (OSError, RuntimeError) as error:
            # The client went away between the push and this send (uvicorn
            # raises ClientDisconnected, an OSError; a send after close is a
            # RuntimeError). Its disconnect message follows and cleans up.
            logger.debug("Dropped a message to a closed socket: %s", error)

    async def send_json(self, content, close=False):
        # Channels' send_json skips an overridden send(); go through ours.
        await self.send(text_data=await self.encode_json(content), close=close)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Whatever a client sends must not crash its socket: anything but a
        # JSON object in a text frame is ignored.
        if not text_data:
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            return
        if isinstance(content, dict):
            await self.receive_json(content, **kwargs)

    async def receive_json(self, content, **kwargs):
        if content.get("event") == "ping":
            await self.send_json({"event": "pong"})
            return
        await self.on_action(content)

    async def push(self, message):
        await self.send_json(message["payload"])


class NotificationConsumer(LiveConsumer):
    """Delivers the signed-in user's new notifications to their open pages.

    On connect it sends the current unread count, so a page that reconnects
    after a dropped connection is in step with the stored state at once.
    The socket is one-way: reads and writes go through HTTP views.
    """

    def group_names(self) -> list[str]:
        return [user_group(self.user.pk)]

    def snapshot(self) -> dict:
        return {
            "event": "hello",
            "unread": notifications_unread_count(user=self.user),
        }

    @property
    def language(self) -> str | None:
        """The interface language this page was opened in (the language
        switch's cookie, as PolishFirstLocaleMiddleware reads it)."""
        return (self.scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)

    async def push(self, message):
        payload = message["payload"]
        notification = payload.get("notification")
        if isinstance(notification, dict) and "message" in notification:
            # Stored untranslated; shown in the reader's language, which may
            # differ from that of whoever caused the notification.
            source = notification["message"]
            notification = {
                key: value for key, value in notification.items() if key != "message"
            }
            for part in ("title", "body"):
                if part in source:
                    notification[part] = text_render_in(source[part], self.language)
            notification["title"] = notification.get("title", "")[:TITLE_LENGTH]
            payload = {**payload, "notification": notification}
        await self.send_json(payload)
