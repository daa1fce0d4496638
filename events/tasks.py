"""Background work: thin wrappers that tell participants about their
registrations and send their emails (see ``events.messaging`` and
``events.emails``)."""

from django_tasks import task

from szkola.live.texts import Stored, text_load

from . import emails


@task()
def registration_email_task(registration_id: int, subject: str, message: str) -> None:
    """Email the participant about their registration, with the calendar
    entry or its cancellation."""
    emails.registration_email_send(
        registration_id=registration_id, subject=subject, message=message
    )


@task()
def event_message_emails_task(message_id: int) -> int:
    """Email the recipients of a coordinator's message."""
    return emails.event_message_emails_send(message_id=message_id)


@task()
def registration_reminder_email_task(registration_id: int) -> bool:
    """Email one reminder before the event, with the .ics file."""
    return emails.registration_reminder_email(registration_id=registration_id)


@task()
def registration_announce_task(
    registration_id: int, *, title: Stored, body: Stored, email: bool = True
) -> None:
    """Tell the participant about their registration: the notification and,
    with ``email``, the email (``messaging.registration_announce_now``);
    ``title`` and ``body`` as ``szkola.live.texts.text_store`` keeps them."""
    from .messaging import registration_announce_now

    registration_announce_now(
        registration_id=registration_id,
        title=text_load(title),
        body=text_load(body),
        email=email,
    )
