"""Test data for the live app."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from szkola.accounts.tests.factories import UserFactory
from szkola.home.generations import generation_bump
from szkola.live.models import Notification
from szkola.live.selectors import unread_generation


def user_create(**fields):
    """A person who can sign in (their email address confirmed, as sign-in
    requires), with a last name of their own."""
    fields.setdefault("last_name", factory.Sequence(lambda n: f"Nowak{n}"))
    return UserFactory(**fields)


class NotificationFactory(DjangoModelFactory):
    """A notification for ``user``; ``read=True`` marks it read now."""

    class Meta:
        model = Notification

    class Params:
        read = False

    user = factory.LazyFunction(user_create)
    title = "Nowa wiadomość"
    read_at = factory.Maybe(
        "read", yes_declaration=factory.LazyFunction(timezone.now), no_declaration=None
    )


def notification_create(*, user, **fields) -> Notification:
    """Made directly, not through ``notify``: the person's cached unread
    count is renewed as ``notify`` renews it."""
    notification = NotificationFactory(user=user, **fields)
    generation_bump(unread_generation(user.pk))
    return notification
