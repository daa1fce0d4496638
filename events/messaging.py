"""How participants hear about their registrations: a stored notification
(pushed to their open pages) and an email in Polish (with an .ics file for
a confirmed place), both made by a task, so the request that changed the
registration only queues them."""

from django.db import transaction
from django.urls import reverse

from szkola.home.emails import emails_are_muted, emails_muted
from szkola.live.services import notify
from szkola.live.texts import Text, text_store

from .models import Registration

__all__ = [
    "emails_are_muted",
    "emails_muted",
    "registration_announce",
    "registration_announce_now",
]


def registration_announce(
    *, registration: Registration, title: Text, body: Text | list
) -> None:
    """Queue the participant's notification and email about
    ``registration`` (see ``registration_announce_now``), in the caller's
    transaction.

    Queued, not sent after commit: the task queue is a table of the same
    database, so the task becomes visible to the workers with the commit and
    is never lost between the commit and a later enqueue; with the immediate
    backend (development, tests) it runs here, inside the transaction, as
    the notification did before."""
    from .tasks import registration_announce_task

    registration_announce_task.enqueue(
        registration.pk,
        title=text_store(title),
        body=text_store(body),
        email=not emails_are_muted(),
    )


def registration_announce_now(
    *, registration_id: int, title: Text, body: Text | list, email: bool = True
) -> None:
    """Store a notification for the participant (shown in the language they
    read in) and, with ``email``, email them after commit (in Polish, the
    notification's stored wording). A registration deleted meanwhile (its
    person's account with it) gets nothing."""
    from .tasks import registration_email_task

    registration = (
        Registration.objects.select_related("user").filter(pk=registration_id).first()
    )
    if registration is None:
        return
    notification = notify(
        registration.user,
        title=title,
        body=body,
        url=reverse("events:my_registrations"),
        kind="event",
    )
    if not email:
        return
    subject, text = notification.title, notification.body
    transaction.on_commit(
        lambda: registration_email_task.enqueue(registration_id, subject, text)
    )
