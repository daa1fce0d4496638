"""A participant's needs (nights, meals, diet, accessibility): changed by the
participant while the event's registration is open.

The project books no rooms itself and keeps no limit of beds per night: the
only rule on nights is the one registering follows (``allowed_nights``), and
the coordinators read the totals from the accommodation list."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from ..errors import EventError
from ..models import Diet, EventPage, EventState, Registration
from .places import event_lock
from .registrations import nights_clean

Status = Registration.Status
NEEDS_FIELDS = ("nights", "meals", "diet", "diet_notes", "accessibility_needs")


def registration_needs_refusal(
    *,
    registration: Registration,
    event: EventPage | None = None,
    state: EventState | None = None,
    now: datetime.datetime | None = None,
) -> EventError | None:
    """Why the participant may not change the needs of ``registration`` now,
    or None when they may. Codes: ``not_active`` (cancelled or rejected),
    ``event_cancelled``, ``not_open`` and ``closed`` (outside the event's
    registration window)."""
    now = now or timezone.now()
    event = event or registration.event
    if registration.status in (Status.CANCELLED, Status.REJECTED):
        return EventError(
            "not_active",
            _("To zgłoszenie nie jest już aktywne: nie można zmienić odpowiedzi."),
        )
    if state is None:
        # Read through the relation: a list that selected ``event__state``
        # asks no query per registration.
        try:
            state = event.state
        except EventState.DoesNotExist:
            state = None
    if state is not None and state.cancelled_at:
        return EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    if now < event.registration_opens_at:
        return EventError(
            "not_open", _("Zapisy na to wydarzenie jeszcze się nie zaczęły.")
        )
    if now > event.registration_closes_at:
        return EventError(
            "closed",
            _(
                "Zapisy na to wydarzenie są już zamknięte: odpowiedzi można było "
                "zmieniać do ich końca. Napisz do koordynatora, jeśli coś się "
                "zmieniło."
            ),
        )
    return None


@transaction.atomic
def registration_needs_update(
    *,
    registration: Registration,
    actor: User,
    nights: Iterable[datetime.date | str] = (),
    meals: bool = True,
    diet: str = Diet.STANDARD,
    diet_notes: str = "",
    accessibility_needs: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Replace the needs the participant gave when registering. Only the
    participant may do it, and only while the event's registration is open;
    the status and the place stay as they are. The audit entry names the
    fields that changed (not their values: diet and accessibility are health
    data).

    Raises EventError ``forbidden``, ``not_active``, ``event_cancelled``,
    ``not_open``, ``closed``, ``bad_diet`` or ``bad_nights``."""
    now = now or timezone.now()
    # The event's lock serialises this with cancelling and the coordinators'
    # decisions, so the status read below is the one that stays.
    event, state = event_lock(event_id=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if actor.pk != registration.user_id:
        raise EventError(
            "forbidden", _("Możesz zmieniać tylko swoje własne zgłoszenia.")
        )
    refusal = registration_needs_refusal(
        registration=registration, event=event, state=state, now=now
    )
    if refusal is not None:
        raise refusal
    if diet not in Diet.values:
        raise EventError("bad_diet", _("Wybierz dietę z listy."))
    wanted = {
        "nights": [night.isoformat() for night in nights_clean(event, nights)],
        "meals": bool(meals) and event.meals_offered,
        "diet": diet,
        "diet_notes": (diet_notes or "").strip()[:255],
        "accessibility_needs": (accessibility_needs or "").strip(),
    }
    changed = [
        field for field in NEEDS_FIELDS if getattr(registration, field) != wanted[field]
    ]
    if not changed:
        return registration
    for field in changed:
        setattr(registration, field, wanted[field])
    registration.save(update_fields=[*changed, "updated_at"])
    audit_log(
        actor=actor,
        action="events.registration.needs_changed",
        obj=registration,
        data={"event": event.pk, "fields": changed},
    )
    return registration
