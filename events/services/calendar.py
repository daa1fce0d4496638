"""What calendar clients compare: the event's ``SEQUENCE`` and
``LAST-MODIFIED`` (RFC 5545 §3.8.7.4, §3.8.7.3), kept on ``EventState``.

A published change to the days' times, the title or the place moves them
on, and everyone holding a confirmed place gets the updated entry by email
(``METHOD:REQUEST``); publishing the page unchanged moves nothing.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from ..messaging import registration_announce
from ..models import EventPage, EventState, Registration
from .places import event_lock


def calendar_fingerprint(event: EventPage) -> str:
    """A digest of what a calendar entry shows: each day's date and hours,
    the title and the place."""
    parts = [event.title, event.venue_name, event.venue_address]
    parts += [f"{d.date}|{d.start}|{d.end}" for d in event.ordered_days]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def calendar_sequence_bump(*, state: EventState, fingerprint: str = "") -> None:
    """Move the sequence on (call with the state row locked)."""
    state.calendar_sequence += 1
    state.calendar_modified_at = timezone.now()
    if fingerprint:
        state.calendar_fingerprint = fingerprint
    state.save(
        update_fields=[
            "calendar_sequence",
            "calendar_modified_at",
            "calendar_fingerprint",
        ]
    )


@transaction.atomic
def event_calendar_refresh(*, event: EventPage, actor: User | None = None) -> bool:
    """Compare the published event with what calendars were last given.
    On a change: bump the sequence, audit it, and send every confirmed
    participant the updated entry. Returns whether anything changed."""
    event, state = event_lock(event_id=event.pk)
    fingerprint = calendar_fingerprint(event)
    if state.calendar_fingerprint == fingerprint:
        return False
    if not state.calendar_fingerprint:
        # First publication: nothing was sent out yet.
        state.calendar_fingerprint = fingerprint
        state.calendar_modified_at = timezone.now()
        state.save(update_fields=["calendar_fingerprint", "calendar_modified_at"])
        return False
    calendar_sequence_bump(state=state, fingerprint=fingerprint)
    audit_log(
        actor=actor,
        action="events.event.calendar_changed",
        obj=event,
        data={"sequence": state.calendar_sequence},
    )
    if state.cancelled_at:
        return True
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).select_related("user")
    values = {"title": event.title}
    for registration in confirmed:
        registration.event = event
        registration_announce(
            registration=registration,
            title=Text(N_("Zmiana w wydarzeniu: %(title)s"), values),
            body=Text(
                N_(
                    "Organizator zmienił termin, godziny lub miejsce wydarzenia "
                    "„%(title)s”. Sprawdź nowe dane poniżej; załączony plik "
                    "kalendarza zaktualizuje wpis w Twoim kalendarzu."
                ),
                values,
            ),
        )
    return True
