"""The outbox: stored first, sent once, retried on temporary refusals, kept
with the reason on permanent ones, resent by a coordinator in scope."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from szkola.accounts.models import AuditEntry
from szkola.accounts.tests.factories import coordinator_create
from szkola.outbox import services
from szkola.outbox.models import OutboundEmail
from szkola.outbox.selectors import outbox_for_user

pytestmark = pytest.mark.django_db

OUTBOX = "szkola.outbox.backends.OutboxBackend"
FLAKY = "szkola.outbox.tests.test_services.ScriptedBackend"


class ScriptedBackend(LocmemBackend):
    """Delivers to mail.outbox, or raises the next scripted error first."""

    errors: list[Exception] = []

    def send_messages(self, messages):
        if ScriptedBackend.errors:
            raise ScriptedBackend.errors.pop(0)
        return super().send_messages(messages)


@pytest.fixture
def outbox_on(settings):
    settings.EMAIL_BACKEND = OUTBOX
    settings.OUTBOX_DELIVERY_BACKEND = FLAKY
    ScriptedBackend.errors = []
    yield
    ScriptedBackend.errors = []


def test_an_email_is_stored_then_delivered_with_its_parts(outbox_on):
    email = EmailMultiAlternatives(
        subject="Potwierdzenie miejsca",
        body="Dzień dobry, miejsce jest potwierdzone.",
        to=["anna@gmina.example.pl"],
        headers={services.SCOPE_HEADER: "20", services.RELATED_HEADER: "events:7"},
    )
    email.attach_alternative("<p>Dzień dobry</p>", "text/html")
    email.attach(
        "szkolenie.ics", "BEGIN:VCALENDAR\r\n", "text/calendar; method=REQUEST"
    )
    email.send()

    stored = OutboundEmail.objects.get()
    assert stored.status == OutboundEmail.Status.SENT
    assert stored.scope == "20" and stored.related == "events:7"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Potwierdzenie miejsca"
    assert sent.alternatives[0][0] == "<p>Dzień dobry</p>"
    filename, content, mimetype = sent.attachments[0]
    assert filename == "szkolenie.ics"
    assert mimetype == "text/calendar; method=REQUEST"
    # The bookkeeping headers never leave with the email.
    assert services.SCOPE_HEADER not in sent.extra_headers
    assert services.RELATED_HEADER not in sent.extra_headers


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPResponseException(421, b"Service not available"),
        smtplib.SMTPRecipientsRefused({"a@b.pl": (450, b"Mailbox busy")}),
    ],
    ids=["refused", "disconnected", "421", "450"],
)
def test_a_temporary_refusal_is_retried_later_and_sent_once(outbox_on, error):
    ScriptedBackend.errors = [error]
    start = timezone.now()
    send_mail("Przypomnienie", "Treść", None, ["anna@gmina.example.pl"])

    stored = OutboundEmail.objects.get()
    assert stored.status == OutboundEmail.Status.QUEUED
    assert stored.attempts == 1
    assert stored.next_attempt_at >= start + datetime.timedelta(seconds=60)
    assert mail.outbox == []

    # Not due yet: the flush leaves it alone.
    services.outbound_flush()
    assert mail.outbox == []

    with time_machine.travel(stored.next_attempt_at + datetime.timedelta(seconds=1)):
        assert services.outbound_flush() == 1
        # A second flush or a duplicate task sends nothing more.
        services.outbound_flush()
        assert services.outbound_send(email_id=stored.pk) == "skipped"

    stored.refresh_from_db()
    assert stored.status == OutboundEmail.Status.SENT
    assert stored.attempts == 2
    assert len(mail.outbox) == 1


def test_retries_back_off(outbox_on):
    assert services.backoff(1) < services.backoff(2) < services.backoff(3)
    assert services.backoff(50) == services.backoff(len(services.BACKOFF_SECONDS))


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"zly@adres": (550, b"No such user")}),
        smtplib.SMTPResponseException(554, b"Transaction failed"),
    ],
    ids=["550-recipient", "554"],
)
def test_a_permanent_refusal_is_kept_with_its_reason(outbox_on, error):
    ScriptedBackend.errors = [error]
    send_mail("Zaświadczenie", "Treść", None, ["zly@adres"])
    stored = OutboundEmail.objects.get()
    assert stored.status == OutboundEmail.Status.FAILED
    assert "5" in stored.last_error
    services.outbound_flush()
    assert mail.outbox == []


def test_too_many_temporary_refusals_end_as_failed(outbox_on, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTEMPTS", 2)
    ScriptedBackend.errors = [ConnectionRefusedError(), ConnectionRefusedError()]
    send_mail("Temat", "Treść", None, ["anna@gmina.example.pl"])
    stored = OutboundEmail.objects.get()
    with time_machine.travel(stored.next_attempt_at + datetime.timedelta(seconds=1)):
        services.outbound_flush()
    stored.refresh_from_db()
    assert stored.status == OutboundEmail.Status.FAILED
    assert stored.attempts == 2


def test_a_coordinator_resends_a_failed_email_once(outbox_on):
    ScriptedBackend.errors = [smtplib.SMTPResponseException(554, b"Rejected")]
    message = EmailMultiAlternatives(
        "Temat", "Treść", to=["anna@gmina.example.pl"], headers={"X-Outbox-Scope": "20"}
    )
    message.send()
    stored = OutboundEmail.objects.get()
    coordinator = coordinator_create(scope="20")

    services.outbound_resend(outbound=stored, actor=coordinator)
    stored.refresh_from_db()
    # on_commit has not run inside the test's transaction: queued, not sent.
    assert stored.status == OutboundEmail.Status.QUEUED
    services.outbound_flush()
    stored.refresh_from_db()
    assert stored.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="outbox.email.resent").count() == 1

    with pytest.raises(services.OutboxError) as error:
        services.outbound_resend(outbound=stored, actor=coordinator)
    assert error.value.code == "not_failed"


def test_coordinators_see_only_their_voivodeships_emails(outbox_on):
    for scope in ("20", "18", "MR", ""):
        EmailMultiAlternatives(
            f"Temat {scope}", "Treść", to=["a@b.pl"], headers={"X-Outbox-Scope": scope}
        ).send()
    podlaskie = coordinator_create(scope="20")
    leader = coordinator_create(scope="MR")
    assert [e.scope for e in outbox_for_user(podlaskie)] == ["20"]
    assert outbox_for_user(leader).count() == 4


def test_a_rolled_back_sender_leaves_no_email(outbox_on, settings):
    from django.db import transaction

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Temat", "Treść", None, ["anna@gmina.example.pl"])
        raise RuntimeError("the registration failed after the email was queued")
    assert OutboundEmail.objects.count() == 0


def test_a_ready_made_mime_part_keeps_its_headers(outbox_on):
    from email.mime.text import MIMEText

    part = MIMEText("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n", "calendar", "utf-8")
    part.set_param("method", "CANCEL")
    part.add_header("Content-Disposition", "attachment", filename="odwolane.ics")
    email = EmailMultiAlternatives("Odwołane", "Treść", to=["anna@gmina.example.pl"])
    email.attach(part)
    email.send()

    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    raw = mail.outbox[0].message().as_string()
    assert "text/calendar" in raw and 'method="CANCEL"' in raw
    assert 'filename="odwolane.ics"' in raw
    assert (
        "METHOD:CANCEL"
        in mail.outbox[0].message().get_payload()[1].get_payload(decode=True).decode()
    )
