"""How participants hear about their registrations: a stored notification at
once, and an email in Polish (with an .ics file for a confirmed place) after
commit, sent by a task."""

from django.db import transaction
from django.urls import reverse

from szkola.home.emails import emails_are_muted, emails_muted
from szkola.live.services import notify
from szkola.live.texts import Text

from .models import Registration

__all__ = ["emails_are_muted", "emails_muted", "registration_announce"]


def registration_announce(
    *, registration: Registration, title: Text, body: Text | list
):
    """Store a notification for the participant (shown in the language they
    read in) and email them after commit (in Polish, the notification's
    stored wording)."""
    from .tasks import registration_email_task

    notification = notify(
        registration.user,
        title=title,
        body=body,
        url=reverse("events:my_registrations"),
        kind="event",
    )
    if emails_are_muted():
        return
    registration_id = registration.pk
    subject, text = notification.title, notification.body
    transaction.on_commit(
        lambda: registration_email_task.enqueue(registration_id, subject, text)
    )
