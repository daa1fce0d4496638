"""The mail server goes away and comes back: every email is delivered,
each exactly once, through a real SMTP conversation."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.mail import send_mail
from django.utils import timezone

from szkola.outbox import services
from szkola.outbox.models import OutboundEmail

pytestmark = pytest.mark.django_db


class Mailbox(Message):
    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    port = free_port()
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    yield controller, mailbox
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


def test_emails_sent_while_the_server_is_down_arrive_once_when_it_is_back(
    smtp, time_machine
):
    controller, mailbox = smtp
    # The server is down: nothing listens on the port.
    for number in range(3):
        send_mail(f"Potwierdzenie {number}", "Treść", None, [f"osoba{number}@gmina.pl"])
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"queued"}
    assert all(e.attempts == 1 for e in OutboundEmail.objects.all())

    controller.start()
    time_machine.move_to(timezone.now() + services.backoff(1) * 2, tick=True)
    assert services.outbound_flush() == 3
    # A worker that runs the same tasks again, or a second flush, sends nothing.
    services.outbound_flush()
    for email in OutboundEmail.objects.all():
        assert services.outbound_send(email_id=email.pk) == "skipped"

    assert sorted(m["Subject"] for m in mailbox.received) == [
        "Potwierdzenie 0",
        "Potwierdzenie 1",
        "Potwierdzenie 2",
    ]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_recipient_the_server_rejects_is_failed_not_retried(smtp):
    controller, mailbox = smtp

    class Rejecting(Mailbox):
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 5.1.1 No such mailbox"

    controller.handler = Rejecting()
    controller.start()
    send_mail("Temat", "Treść", None, ["nie-ma@gmina.pl"])
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.FAILED
    assert "550" in email.last_error
