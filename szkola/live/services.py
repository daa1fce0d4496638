"""Writes of the live app: notifications."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.errors import DomainError

from .models import Notification
from .push import push_on_commit, user_group

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
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "info",
) -> Notification:
    """Store a notification for ``user`` and push it to their open pages after
    commit. Nothing is lost when the user is offline: the page lists stored
    notifications and the socket only adds new ones.

    Raises NotificationError("unsafe_url") when ``url`` is neither a path on
    this site nor an http(s) address; nothing is stored then."""
    url = str(url or "")
    if url and not _SAFE_URL.match(url):
        raise NotificationError(
            "unsafe_url", _("Odnośnik powiadomienia musi prowadzić do strony www.")
        )
    notification = Notification.objects.create(
        user=user, title=str(title)[:200], body=str(body), url=url, kind=kind
    )
    push_on_commit(
        user_group(user.pk),
        {
            "event": "notification",
            "notification": notification.as_payload(),
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
