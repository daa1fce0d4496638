"""What a coordinator does at the registrations desk besides deciding:
adding a person by hand (a phone call or a walk-in) and changing the number
of places deliberately. Both lock the event like every write about places."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.selectors import profile_get
from szkola.accounts.services import audit_log

from ..errors import EventError
from ..models import Diet, EventPage, EventState, Registration
from .decisions import clean_reason
from .notices import registration_notice
from .places import ensure_coordinator, event_lock, holding_counts
from .registrations import Answers, nights_clean, registration_fill
from .waitlist import offers_refresh, waitlist_next_rank, waitlist_promote

Status = Registration.Status


class AddChannel:
    """How the person reached the coordinator (stored in the audit entry)."""

    PHONE = "phone"
    WALK_IN = "walk_in"
    values = (PHONE, WALK_IN)


@transaction.atomic
def registration_add(
    *,
    event: EventPage,
    actor: User,
    user: User,
    channel: str = AddChannel.PHONE,
    nights: Iterable[datetime.date | str] = (),
    meals: bool = True,
    diet: str = Diet.STANDARD,
    diet_notes: str = "",
    accessibility_needs: str = "",
    waitlist_if_full: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """The event's coordinator registers ``user`` by hand, with their needs.

    The place is confirmed at once (the coordinator decides), whatever the
    registration window or the voivodeships' quotas; the number of places
    still holds: with none free the person goes on the waiting list when
    ``waitlist_if_full``, else the call is refused (the coordinator may raise
    the number of places first, see ``event_capacity_override``). The person
    is told as after registering themselves.

    Raises EventError ``forbidden``, ``event_cancelled``, ``event_over``,
    ``already_registered``, ``bad_channel``, ``bad_diet``, ``bad_nights`` or
    ``full``."""
    now = now or timezone.now()
    if channel not in AddChannel.values:
        raise EventError("bad_channel", _("Wybierz, jak zgłosiła się ta osoba."))
    if diet not in Diet.values:
        raise EventError("bad_diet", _("Wybierz dietę z listy."))
    event, state = event_lock(event_id=event.pk)
    ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    ends_at = event.ends_at()
    if ends_at is not None and now >= ends_at:
        raise EventError(
            "event_over", _("To wydarzenie już się skończyło: nie można dopisać osoby.")
        )
    chosen = nights_clean(event, nights)
    offers_refresh(event, actor=actor, now=now)
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status not in (
        Status.CANCELLED,
        Status.REJECTED,
    ):
        raise EventError(
            "already_registered",
            _("Ta osoba jest już zgłoszona na to wydarzenie (status: %(status)s).")
            % {"status": existing.get_status_display()},
        )
    held, _per_voivodeship = holding_counts(event)
    if held < state.capacity_for(event):
        status, rank = Status.CONFIRMED, None
    elif waitlist_if_full:
        status, rank = Status.WAITLISTED, waitlist_next_rank(event)
    else:
        raise EventError(
            "full",
            _(
                "Brak wolnych miejsc. Zwiększ liczbę miejsc albo dopisz osobę "
                "do listy rezerwowej."
            ),
        )
    profile = profile_get(user=user)
    answers = Answers(event, user, chosen, meals, diet, diet_notes, accessibility_needs)
    registration = registration_fill(
        existing,
        answers,
        profile=profile,
        status=status,
        rank=rank,
        now=now,
        decided_by=actor if status == Status.CONFIRMED else None,
    )
    registration.decision_reason = ""
    registration.added_by = actor
    registration.save()
    registration.event = event
    audit_log(
        actor=actor,
        action="events.registration.added",
        obj=registration,
        data={"event": event.pk, "status": status, "channel": channel},
    )
    registration_notice(registration)
    return registration


@transaction.atomic
def event_capacity_override(
    *,
    event: EventPage,
    actor: User,
    capacity: int,
    reason: str,
    now: datetime.datetime | None = None,
) -> tuple[EventState, int]:
    """The event's coordinator sets the number of places that count, on
    purpose and with a reason (the page's own number stays as published).
    Never below the places already taken (confirmed, pending approval, or
    offered to someone waiting). With more places, the people waiting move
    up at once. Returns the state and how many people moved up.

    Raises EventError ``forbidden``, ``event_cancelled``, ``bad_capacity``,
    ``below_taken``, ``reason_required`` or ``reason_too_long``."""
    now = now or timezone.now()
    reason = clean_reason(reason)
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        capacity = -1
    if not 0 <= capacity <= 100_000:
        raise EventError("bad_capacity", _("Podaj liczbę miejsc od 0 do 100000."))
    event, state = event_lock(event_id=event.pk)
    ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    offers_refresh(event, actor=actor, now=now)
    held, _per_voivodeship = holding_counts(event)
    if capacity < held:
        raise EventError(
            "below_taken",
            _(
                "Nie można zmniejszyć liczby miejsc do %(capacity)s: zajętych jest już "
                "%(held)s (potwierdzone, oczekujące na akceptację i "
                "zaproponowane z listy rezerwowej). Nic nie zmieniono."
            )
            % {"capacity": capacity, "held": held},
        )
    before = state.capacity_for(event)
    state.capacity_override = capacity
    state.capacity_override_reason = reason
    state.capacity_override_at = now
    state.capacity_override_by = actor
    state.save(
        update_fields=[
            "capacity_override",
            "capacity_override_reason",
            "capacity_override_at",
            "capacity_override_by",
        ]
    )
    audit_log(
        actor=actor,
        action="events.event.capacity_overridden",
        obj=event,
        data={
            "before": before,
            "after": capacity,
            "page_capacity": event.capacity,
            "reason": reason,
        },
    )
    promoted = (
        waitlist_promote(event, actor=actor, now=now) if capacity > before else []
    )
    return state, len(promoted)
