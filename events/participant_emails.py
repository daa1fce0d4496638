"""The emails the events app sends to participants about messages and
reminders, built in one place (``participant_email``) so their look can be
changed for all of them at once."""

from dataclasses import dataclass, field
from email.mime.base import MIMEBase

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from szkola.home.dates import days_text
from szkola.home.emails import email_build
from szkola.home.links import public_url

from .models import EventPage


@dataclass
class Attachment:
    name: str
    content: bytes
    mimetype: str


@dataclass
class ParticipantEmail:
    """What an email says, before it is given its look."""

    to: str
    subject: str
    intro: str
    body: str
    details: list[tuple[str, str]] = field(default_factory=list)
    # Files, or ready-made MIME parts (a calendar with its method).
    attachments: list[Attachment | MIMEBase] = field(default_factory=list)
    # Bookkeeping for the outbox (whose voivodeship's email it is).
    headers: dict = field(default_factory=dict)


def outbox_headers(event: EventPage) -> dict:
    """Tell the outbox whose email this is: the coordinators of the event's
    organiser see it (and can resend it) in the admin."""
    return {
        "X-Outbox-Scope": event.organiser,
        "X-Outbox-Related": f"events.eventpage:{event.pk}",
    }


def site_url(path: str) -> str:
    return public_url(path)


def event_details(event: EventPage) -> list[tuple[str, str]]:
    """The practical details of an event as (label, value) rows."""
    rows = [
        (_("Wydarzenie"), event.title),
        (_("Termin"), days_text(list(event.ordered_days))),
        (_("Miejsce"), event.venue_name),
    ]
    if event.venue_address:
        rows.append((_("Adres"), event.venue_address))
    url = event.full_url
    if url:
        rows.append((_("Strona wydarzenia"), url))
    return rows


def email_context(message: ParticipantEmail) -> dict:
    """What the email templates get (the admin preview renders the same)."""
    return {
        "intro": message.intro,
        "body": message.body,
        "details": message.details,
        "my_registrations_url": site_url(reverse("events:my_registrations")),
    }


def participant_email(message: ParticipantEmail) -> EmailMultiAlternatives:
    """The email in the project's frame (``szkola.home.emails``), in plain
    text and HTML, with its attachments."""
    return email_build(
        to=message.to,
        subject=message.subject,
        template="emails/events/participant",
        context=email_context(message),
        attachments=[
            attachment
            if isinstance(attachment, MIMEBase)
            else (attachment.name, attachment.content, attachment.mimetype)
            for attachment in message.attachments
        ],
        headers=message.headers,
    )
