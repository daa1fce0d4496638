"""The places of one event: its lock, the counts, and what every registration
service shares (the participant's notice, the cancel write).

Every write about the places of one event first locks that event's
``EventState`` row (SELECT … FOR UPDATE on PostgreSQL), so counting the
places held and taking one happen as one step: two people registering at the
same second are served one after the other, and a place is never sold twice.
"""

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.live.texts import Text

from ..errors import EventError
from ..messaging import registration_announce
from ..models import EventPage, EventState, Registration
from ..scope import may_act_on_organiser
from ..signals import places_held_back_for

Status = Registration.Status


def event_lock(*, event_id: int) -> tuple[EventPage, EventState]:
    """Lock the event's state row for the rest of the transaction and return
    the event (with days and quotas) and its state."""
    state = _state_lock(event_id)
    event = EventPage.objects.prefetch_related("days", "quotas").get(pk=event_id)
    return event, state


def _state_lock(event_id: int) -> EventState:
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


def _holding_counts(event: EventPage) -> tuple[int, dict[str, int]]:
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


def _capacity(event: EventPage) -> int:
    """The places that count now (a coordinator's override, else the page's
    capacity), read afresh: call with the event locked."""
    override = (
        EventState.objects.filter(event_id=event.pk)
        .values_list("capacity_override", flat=True)
        .first()
    )
    return event.capacity if override is None else override


def _quota_for(event: EventPage, voivodeship: str) -> int | None:
    for quota in event.quotas.all():
        if quota.voivodeship == voivodeship:
            return quota.places
    return None


def _place_status(event: EventPage) -> str:
    return Status.PENDING if event.approval_required else Status.CONFIRMED


_ANNOUNCEMENTS = {
    Status.CONFIRMED: (
        N_("Miejsce potwierdzone: %(title)s"),
        N_("Twoje miejsce na wydarzeniu „%(title)s” jest potwierdzone."),
    ),
    Status.PENDING: (
        N_("Zgłoszenie przyjęte: %(title)s"),
        N_(
            "Przyjęliśmy Twoje zgłoszenie na wydarzenie „%(title)s”. "
            "Czeka na akceptację koordynatora."
        ),
    ),
    Status.WAITLISTED: (
        N_("Lista rezerwowa: %(title)s"),
        N_(
            "Brak wolnych miejsc na wydarzeniu „%(title)s”. Jesteś na liście "
            "rezerwowej; gdy zwolni się miejsce, damy Ci znać."
        ),
    ),
    Status.REJECTED: (
        N_("Zgłoszenie odrzucone: %(title)s"),
        N_("Twoje zgłoszenie na wydarzenie „%(title)s” zostało odrzucone."),
    ),
    Status.CANCELLED: (
        N_("Zgłoszenie anulowane: %(title)s"),
        N_("Twoje zgłoszenie na wydarzenie „%(title)s” zostało anulowane."),
    ),
}


def _announce(registration: Registration, *, extra: Text | None = None) -> None:
    # The strings above are only marked: the notification keeps them and
    # their values and is shown in the language of whoever reads it.
    title, body = _ANNOUNCEMENTS[registration.status]
    values = {"title": registration.event.title}
    registration_announce(
        registration=registration,
        title=Text(title, values),
        body=[Text(body, values), extra],
    )


def _mark_cancelled(registration: Registration, *, now: datetime.datetime) -> None:
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
