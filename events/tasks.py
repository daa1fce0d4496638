"""Background work: thin wrappers that load by id and call the services."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task

from .models import Registration


@task()
def registration_email_task(registration_id: int, subject: str, message: str) -> None:
    """Email the participant about their registration; an .ics file goes
    with every message about a confirmed place."""
    from .ics import event_ics
    from .messaging import email_body
    from .selectors import registration_get

    registration = registration_get(pk=registration_id)
    if registration is None or not registration.user.email:
        return
    email = EmailMessage(
        subject=f"[Szkoła Kooperacji] {subject}",
        body=email_body(registration=registration, message=message),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.user.email],
    )
    if registration.status == Registration.Status.CONFIRMED:
        email.attach(
            f"wydarzenie-{registration.event_id}.ics",
            event_ics(registration.event, url=registration.event.full_url or ""),
            "text/calendar",
        )
    email.send()


@task()
def finished_events_close_task() -> dict:
    """Close the attendance of every finished event (see
    ``events.services.finished_events_close``); the same as the
    ``events_close_finished`` command."""
    from .services import finished_events_close

    result = finished_events_close()
    return {"events": result.events, "completed": result.completed}


@task()
def event_message_emails_task(message_id: int) -> int:
    """Email the recipients of a coordinator's message (see
    ``events.services.event_message_emails_send``)."""
    from .services import event_message_emails_send

    return event_message_emails_send(message_id=message_id)


@task()
def registration_reminder_email_task(registration_id: int) -> bool:
    """Email one reminder before the event, with the .ics file."""
    from .services import registration_reminder_email

    return registration_reminder_email(registration_id=registration_id)


@task()
def event_reminders_task() -> dict:
    """Send the reminders that are due; the same as ``send_event_reminders``."""
    from .services import event_reminders_send

    result = event_reminders_send()
    return {"events": result.events, "reminded": result.reminded}
