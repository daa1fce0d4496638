"""Reads of coaching, supervision and advisory sessions: which ones a person
sees, books or leads, who may read a note, and the hours per person."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from szkola.accounts.constants import MACROREGION_CODE
from szkola.accounts.permissions import (
    user_voivodeships_in_scope,
)
from szkola.accounts.selectors import profile_get

from .models import (
    SupportBooking,
    SupportNote,
    SupportSession,
)
from .selectors import membership_of


def support_sessions_in_scope(*, user) -> QuerySet[SupportSession]:
    sessions = SupportSession.objects.select_related("provider", "team").annotate(
        booked=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True))
    )
    scope = user_voivodeships_in_scope(user)
    if scope is None:
        return sessions
    return sessions.filter(organiser__in=scope)


def support_sessions_open(
    *, user, now: datetime.datetime | None = None
) -> list[SupportSession]:
    """Sessions the person could book now: future, not cancelled, with a free
    place, of their voivodeship, the macroregion, or their team."""
    now = now or timezone.now()
    voivodeship = profile_get(user=user).voivodeship
    member = membership_of(user=user)
    codes = [MACROREGION_CODE] + ([voivodeship] if voivodeship else [])
    where = Q(team__isnull=True, organiser__in=codes)
    if member is not None:
        where |= Q(team=member.team)
    sessions = (
        SupportSession.objects.filter(
            where, cancelled_at__isnull=True, starts_at__gt=now
        )
        .select_related("provider")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True))
        )
        .order_by("starts_at", "pk")
    )
    mine = set(
        SupportBooking.objects.filter(user=user, cancelled_at__isnull=True).values_list(
            "session_id", flat=True
        )
    )
    return [s for s in sessions if s.pk not in mine]


def support_bookings_of(*, user) -> list[SupportBooking]:
    return list(
        SupportBooking.objects.filter(user=user, cancelled_at__isnull=True)
        .select_related("session", "session__provider")
        .prefetch_related("notes", "notes__author")
        .order_by("-session__starts_at")
    )


def support_sessions_led_by(*, user) -> list[SupportSession]:
    return list(
        SupportSession.objects.filter(provider=user)
        .prefetch_related(
            "bookings__user", "bookings__notes", "bookings__notes__author"
        )
        .order_by("-starts_at")
    )


def support_note_may_read(*, user, booking: SupportBooking) -> bool:
    """Notes of a session are private to its participant and its coach:
    coordinators, animators and administrators of the platform do not read
    them here."""
    return user.is_authenticated and user.pk in (
        booking.user_id,
        booking.session.provider_id,
    )


def support_notes_for(*, user, booking: SupportBooking) -> list[SupportNote]:
    if not support_note_may_read(user=user, booking=booking):
        return []
    return list(booking.notes.select_related("author").order_by("created_at", "pk"))


def support_hours_per_person(
    *,
    voivodeships: list[str] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> list[dict]:
    """For the monitoring report: forms of support with hours per person.
    One row per person and form (coaching, supervision, advisory) with the
    number of sessions attended, the hours, the first and last date.
    ``voivodeships``: organiser codes to include (None: all)."""
    bookings = SupportBooking.objects.filter(
        attended=True, cancelled_at__isnull=True
    ).select_related("session")
    if voivodeships is not None:
        bookings = bookings.filter(session__organiser__in=voivodeships)
    rows: dict[tuple[int, str], dict] = {}
    for b in bookings.order_by("session__starts_at", "pk"):
        day = timezone.localdate(b.session.starts_at)
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        row = rows.setdefault(
            (b.user_id, b.session.kind),
            {
                "user_id": b.user_id,
                "kind": b.session.kind,
                "sessions": 0,
                "hours": Decimal("0"),
                "first_date": day,
                "last_date": day,
            },
        )
        row["sessions"] += 1
        row["hours"] += b.hours or Decimal("0")
        row["last_date"] = day
    return sorted(rows.values(), key=lambda r: (r["user_id"], r["kind"]))
