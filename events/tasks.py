"""Background work: thin wrappers that send the participants' emails (see
``events.emails``). The services enqueue them after commit."""

from django_tasks import task

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
