"""The places of one event: its lock, the counts, the quota and the status a
new place gets. The seam every registration service (``registrations``,
``desk``, ``waitlist``) goes through; call the counting functions with the
event locked.

Every write about the places of one event first locks that event's
``EventState`` row (SELECT … FOR UPDATE on PostgreSQL), so counting the
places held and taking one happen as one step: two people registering at the
same second are served one after the other, and a place is never sold twice.
"""

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from szkola.accounts.models import User

from ..errors import EventError
from ..models import EventPage, EventState, Registration
from ..scope import may_act_on_organiser
from ..signals import places_held_back_for

Status = Registration.Status


def event_lock(*, event_id: int) -> tuple[EventPage, EventState]:
    """Lock the event's state row for the rest of the transaction and return
    the event (with days and quotas) and its state."""
    state = state_lock(event_id=event_id)
    event = EventPage.objects.prefetch_related("days", "quotas").get(pk=event_id)
    return event, state


def state_lock(*, event_id: int) -> EventState:
    """Lock (making it first if needed) the event's state row for the rest of
    the transaction, without reading the page."""
    state = EventState.objects.select_for_update().filter(event_id=event_id).first()
    if state is None:
        # First write for this event: make the row (a concurrent maker wins
        # the unique index and get_or_create reads its row), then lock it.
        EventState.objects.get_or_create(event_id=event_id)
        state = EventState.objects.select_for_update().get(event_id=event_id)
    return state


def ensure_coordinator(*, actor: User, event: EventPage) -> None:
    """Raise EventError("forbidden") unless ``actor`` coordinates the event's
    organiser (the leader's team for macroregional events)."""
    if not may_act_on_organiser(actor, event.organiser):
        raise EventError(
            "forbidden",
            _("Nie koordynujesz wydarzeń tego organizatora: zmiana nie jest możliwa."),
        )


def holding_counts(event: EventPage) -> tuple[int, dict[str, int]]:
    """Places held (pending, confirmed, offered to someone waiting, or held
    back by other apps, e.g. for a team) in total, and registrations holding
    a place per voivodeship."""
    rows = (
        Registration.objects.filter(Registration.holding_q(), event=event)
        .values("voivodeship")
        .annotate(n=Count("pk"))
    )
    per_voivodeship = {row["voivodeship"]: row["n"] for row in rows}
    held_back = places_held_back_for(event_id=event.pk)
    return sum(per_voivodeship.values()) + held_back, per_voivodeship


def capacity_now(event: EventPage) -> int:
    """The places that count now (a coordinator's override, else the page's
    capacity), read afresh: call with the event locked."""
    override = (
        EventState.objects.filter(event_id=event.pk)
        .values_list("capacity_override", flat=True)
        .first()
    )
    return event.capacity if override is None else override


def quota_for(event: EventPage, voivodeship: str) -> int | None:
    """The places set aside for ``voivodeship``, or None when it has no quota."""
    for quota in event.quotas.all():
        if quota.voivodeship == voivodeship:
            return quota.places
    return None


def place_status(event: EventPage) -> str:
    """The status a newly taken place gets: pending when the event needs a
    coordinator's approval, else confirmed."""
    return Status.PENDING if event.approval_required else Status.CONFIRMED


def mark_cancelled(registration: Registration, *, now: datetime.datetime) -> None:
    """Store ``registration`` as cancelled at ``now``, off the waiting list
    and without an offer. No audit entry, notice or promotion: callers add
    what their case needs."""
    registration.status = Status.CANCELLED
    registration.waitlist_rank = None
    registration.offer_expires_at = None
    registration.cancelled_at = now
    registration.save(
        update_fields=[
            "status",
            "waitlist_rank",
            "offer_expires_at",
            "cancelled_at",
            "updated_at",
        ]
    )
