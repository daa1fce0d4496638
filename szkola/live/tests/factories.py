"""Test data for the live app."""

import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from szkola.live.models import Notification

_seq = itertools.count(1)


def user_create(
    *,
    email: str | None = None,
    password: str = "haslo-testowe-123",
    verified: bool = True,
    **extra,
):
    """A user who can sign in: with ``verified`` their email address is
    confirmed, as sign-in requires."""
    from allauth.account.models import EmailAddress

    n = next(_seq)
    user = get_user_model().objects.create_user(
        email=email or f"osoba{n}@example.pl",
        password=password,
        first_name=extra.pop("first_name", "Anna"),
        last_name=extra.pop("last_name", f"Nowak{n}"),
        **extra,
    )
    if verified:
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
    return user


def notification_create(
    *, user, title: str = "Nowa wiadomość", read: bool = False, **extra
):
    return Notification.objects.create(
        user=user,
        title=title,
        read_at=timezone.now() if read else None,
        **extra,
    )
