"""Test data for the live app."""

import factory
from django.utils import timezone

from szkola.accounts.tests.factories import UserFactory
from szkola.live.models import Notification


def user_create(**fields):
    """A person who can sign in (their email address confirmed, as sign-in
    requires), with a last name of their own."""
    fields.setdefault("last_name", factory.Sequence(lambda n: f"Nowak{n}"))
    return UserFactory(**fields)


def notification_create(
    *, user, title: str = "Nowa wiadomość", read: bool = False, **extra
):
    return Notification.objects.create(
        user=user,
        title=title,
        read_at=timezone.now() if read else None,
        **extra,
    )
