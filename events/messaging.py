"""How participants hear about their registrations: a stored notification at
once, and an email in Polish (with an .ics file for a confirmed place) after
commit, sent by a task."""

import contextlib
import contextvars

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from szkola.live.services import notify

from .models import Registration

# Seeding demo data stores notifications but sends no email to the made-up
# addresses of demo people.
_emails_muted = contextvars.ContextVar("events_emails_muted", default=False)


@contextlib.contextmanager
def emails_muted():
    token = _emails_muted.set(True)
    try:
        yield
    finally:
        _emails_muted.reset(token)


def emails_are_muted() -> bool:
    """Whether emails to participants are held back (while seeding demo data)."""
    return _emails_muted.get()


def registration_announce(*, registration: Registration, title: str, body: str):
    """Store a notification for the participant and email them after commit."""
    from .tasks import registration_email_task

    notify(
        registration.user,
        title=title,
        body=body,
        url=reverse("events:my_registrations"),
        kind="event",
    )
    if _emails_muted.get():
        return
    registration_id, subject, text = registration.pk, title, body
    transaction.on_commit(
        lambda: registration_email_task.enqueue(registration_id, subject, text)
    )


def email_body(*, registration: Registration, message: str) -> str:
    event = registration.event
    days = ", ".join(
        f"{d.date:%d.%m.%Y} {d.start:%H:%M}–{d.end:%H:%M}" for d in event.ordered_days
    )
    lines = [
        _("Dzień dobry,"),
        "",
        message,
        "",
        _("Wydarzenie: %(title)s") % {"title": event.title},
        _("Termin: %(days)s") % {"days": days},
        _("Miejsce: %(venue)s, %(address)s")
        % {"venue": event.venue_name, "address": event.venue_address},
        _("Status zgłoszenia: %(status)s")
        % {"status": registration.get_status_display()},
        "",
        _("Swoje zgłoszenia zobaczysz na stronie „Moje zapisy” w serwisie."),
        "",
        _("Szkoła Kooperacji"),
        "--",
        _(
            "Projekt „Liderzy kooperacji” współfinansowany ze środków Unii "
            "Europejskiej w ramach Europejskiego Funduszu Społecznego."
        ),
    ]
    return "\n".join(lines)
