"""The personal iCalendar feed address."""

from django.db import transaction

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from ..models import CalendarFeed, new_feed_token


@transaction.atomic
def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    """The user's feed (created with a fresh secret token on first use)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if created:
        audit_log(actor=user, action="events.feed.created", obj=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Give the feed a new secret token; the old address stops working."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    audit_log(actor=user, action="events.feed.reset", obj=user)
    return feed
