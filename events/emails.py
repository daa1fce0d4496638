"""The participants' emails of the events app, sent by the tasks
(``events.tasks``): each loads what it needs by id, builds the email and
sends it; safe to run again where a marker says what has left."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.home.dates import days_text
from szkola.home.emails import email_build
from szkola.home.links import page_public_url, public_url

from .ics import CANCEL, REQUEST, event_ics, ics_mime_part
from .models import EventPage, Registration
from .models.messages import EventMessage, EventMessageRecipient, RegistrationReminder
from .participant_emails import (
    Attachment,
    ParticipantEmail,
    event_details,
    outbox_headers,
    participant_email,
)
from .selectors import registration_get
from .signals import participant_links_for

Status = Registration.Status


def registration_email_send(
    *, registration_id: int, subject: str, message: str
) -> None:
    """Email the participant about their registration. A confirmed place
    carries its calendar entry (``METHOD:REQUEST``), a cancelled one the
    entry's cancellation (``METHOD:CANCEL``), per RFC 6047."""
    registration = registration_get(pk=registration_id)
    if registration is None or not registration.user.email:
        return
    event = registration.event
    method = {
        Status.CONFIRMED: REQUEST,
        Status.CANCELLED: CANCEL,
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


def event_message_emails_send(*, message_id: int) -> int:
    """Email every recipient of a sent message who has not been emailed yet;
    returns how many were emailed. Safe to run again: each recipient is
    marked when their email has left."""
    message = (
        EventMessage.objects.select_related("event")
        .filter(pk=message_id, sent_at__isnull=False)
        .first()
    )
    if message is None:
        return 0
    event = EventPage.objects.prefetch_related("days").get(pk=message.event_id)
    attachments = (
        [
            Attachment(
                message.attachment_name,
                bytes(message.attachment_data),
                message.attachment_type,
            )
        ]
        if message.attachment_name
        else []
    )
    sent = 0
    for recipient in message.recipients.filter(emailed_at__isnull=True):
        content = message_email_content(
            message=message, event=event, to=recipient.email
        )
        content.attachments = attachments
        participant_email(content).send()
        EventMessageRecipient.objects.filter(pk=recipient.pk).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent


def message_email_content(*, message: EventMessage, event: EventPage, to: str):
    """What a message's email says (the same for every recipient)."""
    return ParticipantEmail(
        to=to,
        subject=message.subject,
        intro=_("koordynator wydarzenia „%(title)s” przesyła wiadomość:")
        % {"title": event.title},
        body=message.body,
        details=event_details(event),
        headers=outbox_headers(event),
    )


def registration_reminder_email(*, registration_id: int) -> bool:
    """Email one reminder (details, practical information, the .ics file);
    False when there is nothing to send (no marker, already emailed, not
    confirmed any more)."""
    reminder = (
        RegistrationReminder.objects.select_related("registration__user")
        .filter(registration_id=registration_id, emailed_at__isnull=True)
        .first()
    )
    if reminder is None:
        return False
    registration = reminder.registration
    if registration.status != Status.CONFIRMED or not registration.user.email:
        return False
    event = EventPage.objects.prefetch_related("days").get(pk=registration.event_id)
    details = event_details(event)
    if event.practical_info:
        details.append((_("Co warto wiedzieć i zabrać"), event.practical_info))
    # E.g. the knowledge tests: taken on a phone, before and after.
    details += [
        (link["label"], link["url"])
        for link in participant_links_for(event_id=event.pk)
    ]
    email = participant_email(
        ParticipantEmail(
            to=registration.user.email,
            subject=_("Przypomnienie: %(title)s") % {"title": event.title},
            intro=_("przypominamy o wydarzeniu, na które masz potwierdzone miejsce."),
            body=_(
                "Poniżej najważniejsze informacje. W załączniku jest plik "
                "kalendarza (.ics) z godzinami każdego dnia. Jeśli nie możesz "
                "przyjechać, zrezygnuj na stronie „Moje zapisy”, by miejsce "
                "dostała inna osoba."
            ),
            details=details,
            headers=outbox_headers(event),
            attachments=[
                ics_mime_part(
                    event_ics(event, method=REQUEST, attendee=registration.user),
                    method=REQUEST,
                    filename=f"wydarzenie-{event.pk}.ics",
                )
            ],
        )
    )
    email.send()
    RegistrationReminder.objects.filter(pk=reminder.pk).update(
        emailed_at=timezone.now()
    )
    return True
