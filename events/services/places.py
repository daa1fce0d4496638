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
from dataclasses import dataclass

from django.db import connection
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


@dataclass(frozen=True)
class PlacesTaken:
    """What one registering person needs to know of an event's places, read
    in one query (``places_taken``)."""

    held: int  # registrations holding a place (places held back not counted)
    held_in_voivodeship: int  # of them, from the person's voivodeship
    lapsed_offers: int  # offers of a freed place nobody took in time
    last_rank: int  # the highest waiting-list rank given (0 for none)
    own_id: int | None  # the person's registration, whatever its status
    own_active: bool  # ... and whether it is not cancelled


def places_taken(
    event: EventPage, *, user: User, voivodeship: str, now: datetime.datetime
) -> PlacesTaken:
    """The event's places as ``registration_create`` needs them, in one
    statement (one pass over the event's registrations). Call with the event
    locked: everyone registering for the event waits on it, so it is written
    out rather than compiled by the ORM each time (that took longer than
    the statement itself)."""
    holding, holding_params = Registration.holding_sql("r")
    table = connection.ops.quote_name(Registration._meta.db_table)
    sql = (
        f"SELECT COUNT(*) FILTER (WHERE {holding}),"
        f" COUNT(*) FILTER (WHERE {holding} AND r.voivodeship = %s),"
        " COUNT(*) FILTER (WHERE r.status = %s AND r.offer_expires_at <= %s),"
        " MAX(r.waitlist_rank),"
        " MAX(r.id) FILTER (WHERE r.user_id = %s),"
        " COUNT(*) FILTER (WHERE r.user_id = %s AND r.status <> %s)"
        f" FROM {table} r WHERE r.event_id = %s"
    )
    params = [
        *holding_params,
        *holding_params,
        voivodeship,
        Status.WAITLISTED,
        connection.ops.adapt_datetimefield_value(now),
        user.pk,
        user.pk,
        Status.CANCELLED,
        event.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        held, in_voivodeship, lapsed, last_rank, own_id, own_active = cursor.fetchone()
    return PlacesTaken(
        held=held,
        held_in_voivodeship=in_voivodeship,
        lapsed_offers=lapsed,
        last_rank=last_rank or 0,
        own_id=own_id,
        own_active=bool(own_active),
    )


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
