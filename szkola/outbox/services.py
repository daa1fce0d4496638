"""Every write of the outbox: store an email, send it once, retry it, resend
it by hand.

The promise: an email the application sends is never lost and never sent
twice. It is stored in the sender's transaction (rolled back with it); a task
sends it holding the row's lock, so two workers never send the same row; a
temporary refusal (the server unreachable, a 4xx reply) schedules another
attempt with back-off; a permanent one (a 5xx reply, an address the server
rejects) keeps the email as failed with the reason, for a coordinator to see
and resend.
"""

import base64
import datetime
import logging
import smtplib
from email import message_from_bytes
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.errors import DomainError
from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, …; the last figure repeats.
BACKOFF_SECONDS = (60, 5 * 60, 15 * 60, 60 * 60, 3 * 60 * 60, 6 * 60 * 60)
MAX_ATTEMPTS = 12
# Headers a sender may set to tell the outbox whose the email is; they are
# stored on the row and never leave with the email.
SCOPE_HEADER = "X-Outbox-Scope"
RELATED_HEADER = "X-Outbox-Related"


class OutboxError(DomainError):
    pass


class TemporaryFailure(Exception):
    """The mail server may accept the email later."""


class PermanentFailure(Exception):
    """The mail server will never accept this email."""


# --- storing ------------------------------------------------------------------


def _attachment_stored(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        return {
            "mime": base64.b64encode(attachment.as_bytes()).decode("ascii"),
        }
    filename, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode("utf-8")
    return {
        "filename": filename or "",
        "content": base64.b64encode(content).decode("ascii"),
        "mimetype": mimetype or "application/octet-stream",
    }


def outbound_store(*, message) -> OutboundEmail:
    """Store one ``EmailMessage`` (or ``EmailMultiAlternatives``) as queued."""
    headers = dict(message.extra_headers)
    scope = str(headers.pop(SCOPE_HEADER, ""))[:2]
    related = str(headers.pop(RELATED_HEADER, ""))[:100]
    return OutboundEmail.objects.create(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject)[:500],
        body=message.body or "",
        alternatives=[
            [content, mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=[_attachment_stored(item) for item in message.attachments],
        headers={key: str(value) for key, value in headers.items()},
        scope=scope,
        related=related,
    )


def _mime_part(data: bytes) -> MIMEBase:
    """A stored ready-made MIME part (a calendar with its method parameter)
    as the MIMEBase Django attaches as it is."""
    parsed = message_from_bytes(data)
    part = MIMEBase(parsed.get_content_maintype(), parsed.get_content_subtype())
    for key in list(part.keys()):
        del part[key]
    for key, value in parsed.items():
        part[key] = value
    part.set_payload(parsed.get_payload())
    return part


def email_of(outbound: OutboundEmail) -> EmailMultiAlternatives:
    """The stored email, rebuilt for sending."""
    email = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body,
        from_email=outbound.from_email,
        to=outbound.to,
        cc=outbound.cc,
        bcc=outbound.bcc,
        reply_to=outbound.reply_to,
        headers={**outbound.headers, "X-Outbox-Id": str(outbound.pk)},
    )
    for content, mimetype in outbound.alternatives:
        email.attach_alternative(content, mimetype)
    for item in outbound.attachments:
        if "mime" in item:
            email.attach(_mime_part(base64.b64decode(item["mime"])))
        else:
            email.attach(
                item["filename"] or None,
                base64.b64decode(item["content"]),
                item["mimetype"],
            )
    return email


# --- sending ------------------------------------------------------------------


def _classified(error: Exception) -> Exception:
    """Temporary or permanent, by what the server said."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            return PermanentFailure(f"Adres odrzucony przez serwer: {error.recipients}")
        return TemporaryFailure(str(error))
    if isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {error.smtp_error!r}"
        if error.smtp_code >= 500:
            return PermanentFailure(text)
        return TemporaryFailure(text)
    if isinstance(error, (smtplib.SMTPException, OSError)):
        # Connection refused or reset, a timeout, the server gone mid-way.
        return TemporaryFailure(f"{type(error).__name__}: {error}")
    return PermanentFailure(f"{type(error).__name__}: {error}")


def _deliver(outbound: OutboundEmail) -> None:
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    try:
        sent = connection.send_messages([email_of(outbound)])
    except Exception as error:  # noqa: BLE001 - every failure is classified
        raise _classified(error) from error
    if sent == 0 and outbound.to + outbound.cc + outbound.bcc:
        raise TemporaryFailure("Serwer nie przyjął wiadomości.")


def backoff(attempts: int) -> datetime.timedelta:
    index = min(max(attempts - 1, 0), len(BACKOFF_SECONDS) - 1)
    return datetime.timedelta(seconds=BACKOFF_SECONDS[index])


def outbound_send(*, email_id: int, now: datetime.datetime | None = None) -> str:
    """Try to send one queued email now. Returns the row's status afterwards
    ("sent", "queued" for a later retry, "failed"), or "skipped" when another
    worker holds it, it is not due yet, or it was already sent or failed."""
    now = now or timezone.now()
    with transaction.atomic():
        outbound = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id)
            .first()
        )
        if (
            outbound is None
            or outbound.status != OutboundEmail.Status.QUEUED
            or outbound.next_attempt_at > now
        ):
            return "skipped"
        outbound.attempts += 1
        try:
            _deliver(outbound)
        except TemporaryFailure as failure:
            outbound.last_error = str(failure)[:2000]
            if outbound.attempts >= MAX_ATTEMPTS:
                outbound.status = OutboundEmail.Status.FAILED
            else:
                outbound.next_attempt_at = now + backoff(outbound.attempts)
            logger.warning(
                "Outbox: email %s not sent (attempt %s): %s",
                outbound.pk,
                outbound.attempts,
                failure,
            )
        except PermanentFailure as failure:
            outbound.status = OutboundEmail.Status.FAILED
            outbound.last_error = str(failure)[:2000]
            logger.error("Outbox: email %s refused for good: %s", outbound.pk, failure)
        else:
            outbound.status = OutboundEmail.Status.SENT
            outbound.sent_at = now
            outbound.last_error = ""
        outbound.save(
            update_fields=[
                "status",
                "attempts",
                "next_attempt_at",
                "sent_at",
                "last_error",
            ]
        )
    if outbound.status == OutboundEmail.Status.QUEUED:
        outbound_schedule(email_id=outbound.pk, when=outbound.next_attempt_at)
    return outbound.status


def outbound_schedule(*, email_id: int, when: datetime.datetime | None = None) -> None:
    """Give the email to a task worker, at ``when`` where the task backend can
    wait (the database backend can); otherwise the periodic flush
    (``manage.py outbox --flush``) picks it up when it is due."""
    from django_tasks import default_task_backend

    from .tasks import outbound_send_task

    if when is None or when <= timezone.now():
        outbound_send_task.enqueue(email_id)
    elif default_task_backend.supports_defer:
        outbound_send_task.using(run_after=when).enqueue(email_id)


def outbound_flush(*, now: datetime.datetime | None = None) -> int:
    """Hand every due queued email to a task (the safety net for tasks lost
    with a worker). Returns how many."""
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for email_id in due:
        outbound_schedule(email_id=email_id)
    return len(due)


def outbound_resend(*, outbound: OutboundEmail, actor: User) -> OutboundEmail:
    """Queue a failed email again (after its address was corrected, say).
    Raises OutboxError("not_failed") for an email that did not fail."""
    with transaction.atomic():
        locked = OutboundEmail.objects.select_for_update().get(pk=outbound.pk)
        if locked.status != OutboundEmail.Status.FAILED:
            raise OutboxError(
                code="not_failed",
                message=_(
                    "Ponownie wysłać można tylko wiadomość, której nie udało "
                    "się wysłać."
                ),
            )
        locked.status = OutboundEmail.Status.QUEUED
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_log(actor=actor, action="outbox.email.resent", obj=locked)
        transaction.on_commit(lambda: outbound_schedule(email_id=locked.pk))
    return locked
