"""The pure rules of events: which nights one may book, whether presence
meets an event's attendance rule, and the check-in codes and tokens.

Nothing here reads or writes the database, and nothing here imports the rest
of the app (not even for type hints: ``event`` is an ``EventPage``,
``registration`` a ``Registration``), so models, forms, selectors and
services all import it without an import circle."""

import datetime
import secrets
from decimal import Decimal

from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceRule(models.TextChoices):
    ALL_DAYS = "all_days", _("obecność każdego dnia")
    MIN_SHARE = "min_share", _("minimalny odsetek godzin")


def allowed_nights(event) -> list[datetime.date]:
    """Nights one may book at ``event`` (an ``EventPage``): from the eve of the
    first day to the eve of the last day (an overnight stay before each day)."""
    if not event.accommodation_offered or not event.ordered_days:
        return []
    first, last = event.date_from, event.date_to
    nights, night = [], first - datetime.timedelta(days=1)
    while night < last:
        nights.append(night)
        night += datetime.timedelta(days=1)
    return nights


def meets_rule(*, event, present_day_ids: set[int]) -> bool:
    """Does presence on these days satisfy the event's attendance rule?"""
    days = event.ordered_days
    if not days:
        return False
    if event.attendance_rule == AttendanceRule.MIN_SHARE:
        total = sum((d.hours for d in days), Decimal("0"))
        attended = sum((d.hours for d in days if d.pk in present_day_ids), Decimal(0))
        if total <= 0:
            return False
        return attended * 100 >= total * event.attendance_min_percent
    return all(d.pk in present_day_ids for d in days)


def new_checkin_code() -> str:
    """A registration's random check-in code (64 bits, as hex)."""
    return secrets.token_hex(8)


def checkin_signer(event_id: int) -> signing.Signer:
    """The signer of one event's check-in tokens."""
    # A salt per event: a token signed for one event never verifies for
    # another, and the token itself carries only a random code.
    return signing.Signer(salt=f"events.checkin.{event_id}", algorithm="sha256")


def checkin_token(*, registration) -> str:
    """The opaque token in the participant's QR code, valid for this event."""
    return checkin_signer(registration.event_id).sign(registration.checkin_code)


def checkin_group(day_id: int) -> str:
    """The live group of a day's check-in board."""
    return f"checkin.day.{day_id}"


def manual_code(*, registration) -> str:
    """The code printed under the QR code, for typing in by hand when the
    camera cannot read it: the registration's random code in groups of four."""
    code = registration.checkin_code
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).upper()
