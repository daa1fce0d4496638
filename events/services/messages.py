"""Coordinators' messages to the registrants of an event: a draft for the
preview, then the sending (stored recipients, a notification each, emails
by a task after commit)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.home.emails import emails_are_muted
from szkola.live.services import notify
from szkola.live.texts import Text

from ..errors import EventError
from ..models import EventPage, Registration
from ..models.messages import ATTACHMENT_MAX_BYTES, EventMessage, EventMessageRecipient
from .places import ensure_coordinator

Status = Registration.Status

# Accepted attachments: extension → (MIME type, how the file must begin).
# The beginning is checked so a renamed executable is not sent as a "PDF".
_ZIP = b"PK\x03\x04"
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (_ZIP,),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
}
SUBJECT_MAX = 150
BODY_MAX = 10_000


@dataclass(frozen=True)
class UploadedAttachment:
    name: str
    content: bytes


def message_recipients(*, event: EventPage, statuses: list[str]) -> QuerySet:
    """Registrations of ``event`` in ``statuses`` whose person has an email
    address: the people a message with those statuses goes to."""
    return (
        Registration.objects.filter(event=event, status__in=statuses)
        .exclude(user__email="")
        .select_related("user")
        .order_by("participant_name", "pk")
    )


def _clean_statuses(statuses) -> list[str]:
    chosen = [s for s in Status.values if s in set(statuses or ())]
    if not chosen or len(chosen) != len(set(statuses)):
        raise EventError(
            "bad_statuses", _("Wybierz, do kogo wysłać: co najmniej jeden status.")
        )
    return chosen


def _clean_attachment(attachment: UploadedAttachment | None) -> tuple[str, str, bytes]:
    if attachment is None:
        return "", "", b""
    name = attachment.name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:150]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise EventError(
            "attachment_type",
            _("Załącznik może być plikiem PDF, DOCX, ODT, XLSX, JPG lub PNG."),
        )
    if len(attachment.content) > ATTACHMENT_MAX_BYTES:
        raise EventError(
            "attachment_size",
            _("Załącznik może mieć najwyżej %(mb)s MB.")
            % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    mimetype, beginnings = ATTACHMENT_TYPES[extension]
    if not attachment.content.startswith(beginnings):
        raise EventError(
            "attachment_content",
            _("Plik „%(name)s” nie jest tym, na co wskazuje jego rozszerzenie.")
            % {"name": name},
        )
    return name, mimetype, attachment.content


def _no_recipients() -> EventError:
    return EventError(
        "no_recipients",
        _(
            "Nikt z zapisanych nie ma zgłoszenia o wybranym statusie: wiadomość "
            "nie ma adresatów i nie została wysłana."
        ),
    )


@transaction.atomic
def event_message_draft(
    *,
    event: EventPage,
    actor: User,
    statuses: list[str],
    subject: str,
    body: str,
    attachment: UploadedAttachment | None = None,
) -> EventMessage:
    """Store a message to the registrants of ``event`` in ``statuses`` as a
    draft to preview; nothing is sent yet.

    Raises EventError ``forbidden`` (another organiser's event),
    ``bad_statuses``, ``empty``, ``too_long``, ``attachment_type``,
    ``attachment_size``, ``attachment_content`` or ``no_recipients`` (nobody
    to send to: nothing is stored)."""
    ensure_coordinator(actor=actor, event=event)
    chosen = _clean_statuses(statuses)
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise EventError("empty", _("Wpisz temat i treść wiadomości."))
    if len(subject) > SUBJECT_MAX or len(body) > BODY_MAX:
        raise EventError(
            "too_long",
            _("Temat może mieć %(s)s znaków, treść %(b)s.")
            % {"s": SUBJECT_MAX, "b": BODY_MAX},
        )
    name, mimetype, content = _clean_attachment(attachment)
    if not message_recipients(event=event, statuses=chosen).exists():
        raise _no_recipients()
    return EventMessage.objects.create(
        event=event,
        author=actor,
        statuses=chosen,
        subject=subject,
        body=body,
        attachment_name=name,
        attachment_type=mimetype,
        attachment_data=content,
    )


@transaction.atomic
def event_message_send(*, message: EventMessage, actor: User) -> int:
    """Send a previewed draft: store its recipients (the registrants in its
    statuses now), notify each of them, and email them by a task after
    commit. Returns the number of recipients.

    Raises EventError ``forbidden``, ``already_sent`` or ``no_recipients``
    (the draft stays unsent)."""
    message = (
        EventMessage.objects.select_for_update()
        .select_related("event")
        .get(pk=message.pk)
    )
    event = message.event
    ensure_coordinator(actor=actor, event=event)
    if message.sent_at:
        raise EventError("already_sent", _("Ta wiadomość została już wysłana."))
    registrations = list(message_recipients(event=event, statuses=message.statuses))
    if not registrations:
        raise _no_recipients()
    EventMessageRecipient.objects.bulk_create(
        EventMessageRecipient(
            message=message,
            registration=registration,
            name=registration.participant_name,
            email=registration.user.email,
            status=registration.status,
        )
        for registration in registrations
    )
    url = reverse("events:my_registrations")
    for registration in registrations:
        notify(
            registration.user,
            title=Text(N_("Wiadomość: %(title)s"), {"title": event.title}),
            body=f"{message.subject}\n\n{message.body}",
            url=url,
            kind="event",
        )
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])
    count = len(registrations)
    data = {
        "message_id": message.pk,
        "subject": message.subject,
        "statuses": message.statuses,
        "recipients": count,
        "attachment": message.attachment_name,
    }
    audit_log(actor=actor, action="events.message.sent", obj=event, data=data)
    event_history_log(event, actor=actor, action="events.message_sent", data=data)
    if not emails_are_muted():
        from ..tasks import event_message_emails_task

        message_id = message.pk
        transaction.on_commit(lambda: event_message_emails_task.enqueue(message_id))
    return count


def event_history_log(event: EventPage, *, actor: User | None, action: str, data: dict):
    """Show it on the event page's history in the admin (Wagtail's log)."""
    from wagtail.log_actions import log

    log(instance=event, action=action, user=actor, data=data)


def recipients_summary(count: int) -> str:
    # "do 1 osoby", but "do 2 osób" as "do 5 osób": one form past one.
    if count == 1:
        return _("Wiadomość trafi do 1 osoby.")
    return _("Wiadomość trafi do %(n)s osób.") % {"n": count}
