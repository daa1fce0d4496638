"""Writes of the live app: notifications."""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from szkola.accounts.errors import DomainError
from szkola.home.generations import generation_bump

from .models import TITLE_LENGTH, Notification
from .push import push_on_commit, user_group
from .selectors import unread_generation
from .texts import Text, text_render, text_store

# A notification links into the site ("/kursy/...") or to a full http(s)
# address; anything else ("javascript:", "//host") would be a way to run or
# smuggle links into the page.
_SAFE_URL = re.compile(r"^(/(?![/\\])|https?://)", re.IGNORECASE)


class NotificationError(DomainError):
    pass


@transaction.atomic
def notify(
    user,
    *,
    title: "str | Text",
    body: "str | Text | list" = "",
    url: str = "",
    kind: str = "info",
) -> Notification:
    """Store a notification for ``user`` and push it to their open pages after
    commit. Nothing is lost when the user is offline: the page lists stored
    notifications and the socket only adds new ones.

    Interface wording comes as ``Text`` (source string and parameters): it
    is stored untranslated and shown in the language of whoever reads it.
    A plain string is content (a coordinator's message) and stays as written.

    Raises NotificationError("unsafe_url") when ``url`` is neither a path on
    this site nor an http(s) address; nothing is stored then."""
    url = str(url or "")
    if url and not _SAFE_URL.match(url):
        raise NotificationError(
            "unsafe_url", _("Odnośnik powiadomienia musi prowadzić do strony www.")
        )
    message = {"title": text_store(title), "body": text_store(body)}
    # The stored title and body are the default language's rendering: what
    # the admin and exports show; readers get their own language.
    with translation.override(settings.LANGUAGE_CODE):
        shown_title, shown_body = (
            text_render(message["title"]),
            text_render(message["body"]),
        )
    notification = Notification.objects.create(
        user=user,
        title=shown_title[:TITLE_LENGTH],
        body=shown_body,
        url=url,
        kind=kind,
        message=message,
    )
    generation_bump(unread_generation(user.pk))
    push_on_commit(
        user_group(user.pk),
        {
            "event": "notification",
            # Rendered by the socket in the reader's language (consumers.py).
            "notification": {**notification.as_payload(), "message": message},
            "unread": Notification.objects.filter(user=user, read_at=None).count(),
        },
    )
    return notification


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those ``ids``) read; returns how
    many changed. Other users' ids are silently out of reach."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    if changed:
        generation_bump(unread_generation(user.pk))
        push_on_commit(
            user_group(user.pk),
            {
                "event": "read",
                "unread": 0
                if ids is None
                else Notification.objects.filter(user=user, read_at=None).count(),
            },
        )
    return changed
