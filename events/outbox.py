"""The emails the events app sends to participants about messages and
reminders, built in one place (``participant_email``) so their look can be
changed for all of them at once."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import EventPage

SUBJECT_PREFIX = "[Szkoła Kooperacji] "


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
    attachments: list[Attachment] = field(default_factory=list)


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def event_details(event: EventPage) -> list[tuple[str, str]]:
    """The practical details of an event as (label, value) rows."""
    days = "; ".join(
        f"{d.date:%d.%m.%Y}, {d.start:%H:%M}–{d.end:%H:%M}" for d in event.ordered_days
    )
    rows = [
        (_("Wydarzenie"), event.title),
        (_("Termin"), days),
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
    """The email, in plain text and HTML, with its attachments."""
    context = email_context(message)
    email = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + message.subject,
        body=render_to_string("events/email/participant.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    email.attach_alternative(
        render_to_string("events/email/participant.html", context), "text/html"
    )
    for attachment in message.attachments:
        email.attach(attachment.name, attachment.content, attachment.mimetype)
    return email
