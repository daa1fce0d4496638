"""Background work: thin wrappers that load by id and call the services."""

from django.urls import reverse
from django_tasks import task

from .models import Registration


@task()
def registration_email_task(registration_id: int, subject: str, message: str) -> None:
    """Email the participant about their registration. A confirmed place
    carries its calendar entry (``METHOD:REQUEST``), a cancelled one the
    entry's cancellation (``METHOD:CANCEL``), per RFC 6047."""
    from szkola.home.dates import days_text
    from szkola.home.emails import email_build
    from szkola.home.links import page_public_url, public_url

    from .ics import CANCEL, REQUEST, event_ics, ics_mime_part
    from .participant_emails import outbox_headers
    from .selectors import registration_get

    registration = registration_get(pk=registration_id)
    if registration is None or not registration.user.email:
        return
    event = registration.event
    method = {
        Registration.Status.CONFIRMED: REQUEST,
        Registration.Status.CANCELLED: CANCEL,
    }.get(registration.status)
    attachments = []
    if method:
        attachments.append(
            ics_mime_part(
                event_ics(event, method=method, attendee=registration.user),
                method=method,
                filename=f"wydarzenie-{event.pk}.ics",
            )
        )
    email_build(
        to=registration.user.email,
        subject=subject,
        template="emails/events/registration",
        context={
            "registration": registration,
            "event": event,
            "message": message,
            "days_text": days_text(event.ordered_days),
            "venue": ", ".join(p for p in (event.venue_name, event.venue_address) if p),
            "event_url": page_public_url(event),
            "my_registrations_url": public_url(reverse("events:my_registrations")),
            "calendar_attached": method == REQUEST,
            "calendar_cancelled": method == CANCEL,
        },
        attachments=attachments,
        headers=outbox_headers(event),
    ).send()


@task()
def event_message_emails_task(message_id: int) -> int:
    """Email the recipients of a coordinator's message (see
    ``events.services.event_message_emails_send``)."""
    from .services.messages import event_message_emails_send

    return event_message_emails_send(message_id=message_id)


@task()
def registration_reminder_email_task(registration_id: int) -> bool:
    """Email one reminder before the event, with the .ics file."""
    from .services.reminders import registration_reminder_email

    return registration_reminder_email(registration_id=registration_id)


@task()
def event_reminders_task() -> dict:
    """Send the reminders that are due; the same as ``send_event_reminders``."""
    from .services.reminders import event_reminders_send

    result = event_reminders_send()
    return {"events": result.events, "reminded": result.reminded}
