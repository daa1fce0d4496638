from szkola.home.generations import cached

from .models import Notification


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def unread_generation(user_id: int) -> str:
    """The cache generation of one person's unread count: renewed by
    ``notify`` and ``notifications_mark_read``, the only writes of
    notifications."""
    return f"notifications-unread:{user_id}"


def notifications_unread_count(*, user) -> int:
    """The header badge's count, on every signed-in page: from the cache
    while the person's notifications stay as they are."""
    if not user.is_authenticated:
        return 0
    return cached(
        unread_generation(user.pk),
        "count",
        lambda: Notification.objects.filter(user=user, read_at=None).count(),
    )
