"""The emails about registrations, read in full: both parts, the frame, the
calendar part and its method (RFC 6047)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from ..models import Registration
from ..services import event_cancel, registration_cancel
from .factories import coordinator_create, event_create, register

pytestmark = pytest.mark.django_db(transaction=False)

PUBLIC = "https://szkola.example.org"


def _calendar_part(message):
    parts = [a for a in message.attachments if getattr(a, "get_content_type", None)]
    assert len(parts) == 1
    return parts[0]


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
@time_machine.travel(datetime.datetime(2026, 10, 9, 23, 30, tzinfo=datetime.UTC))
def test_confirmation_email_is_multipart_polish_branded_with_calendar_request(
    django_capture_on_commit_callbacks,
):
    # 23:30 UTC is already 10 October in Warsaw: the first day is 30 October.
    event = event_create(
        title="Szkolenie w Łańcucie",
        days=2,
        first_day=datetime.date(2026, 10, 30),
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)

    message = mail.outbox[-1]
    assert message.subject == (
        "[Szkoła Kooperacji] Miejsce potwierdzone: Szkolenie w Łańcucie"
    )
    assert message.to == [registration.user.email]
    text = message.body
    assert text.startswith("Dzień dobry,\n\n")
    assert "Termin: 30–31 października 2026, 9:00–16:00" in text
    assert "Miejsce: Hotel Pod Dębem, ul. Lipowa 1, 35-001 Rzeszów" in text
    assert "Status zgłoszenia: potwierdzone" in text
    assert f"{PUBLIC}/moje/zapisy/" in text
    assert f"Strona wydarzenia: {PUBLIC}/" in text
    assert "127.0.0.1" not in text and "localhost" not in text
    assert "Fundusze Europejskie" in text and "Unia Europejska" in text
    assert "współfinansowany ze środków Unii Europejskiej" in text
    assert "\n\n\n" not in text

    html = _html(message)
    assert '<html lang="pl">' in html
    assert "<title>[Szkoła Kooperacji] Miejsce potwierdzone" in html
    assert "<h1" in html and "Miejsce potwierdzone: Szkolenie w Łańcucie</h1>" in html
    assert f'href="{PUBLIC}/moje/zapisy/"' in html
    assert "30–31 października 2026, 9:00–16:00" in html
    assert "Fundusze Europejskie" in html
    assert "127.0.0.1" not in html

    part = _calendar_part(message)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == f"wydarzenie-{event.pk}.ics"
    ics = part.get_payload(decode=True).decode()
    assert "METHOD:REQUEST" in ics
    assert "BEGIN:VTIMEZONE" in ics
    assert "ATTENDEE;" in ics and registration.user.email in ics


def test_participant_cancelling_gets_a_calendar_cancel(
    django_capture_on_commit_callbacks,
):
    event = event_create()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration, actor=registration.user)

    message = mail.outbox[-1]
    assert "Zgłoszenie anulowane" in message.subject
    part = _calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    ics = part.get_payload(decode=True).decode()
    assert "METHOD:CANCEL" in ics
    assert "STATUS:CANCELLED" in ics
    assert "usuwa to wydarzenie z Twojego kalendarza" in message.body


def test_event_called_off_sends_cancel_with_a_newer_sequence(
    django_capture_on_commit_callbacks,
):
    event = event_create(organiser="20")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)
    confirmation = _calendar_part(mail.outbox[-1]).get_payload(decode=True).decode()
    assert "SEQUENCE:0" in confirmation

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, actor=coordinator_create(scope="20"))

    message = mail.outbox[-1]
    assert message.to == [registration.user.email]
    ics = _calendar_part(message).get_payload(decode=True).decode()
    assert "METHOD:CANCEL" in ics and "SEQUENCE:1" in ics
    assert "Wydarzenie zostało odwołane." in message.body


def test_waitlisted_email_has_no_calendar(django_capture_on_commit_callbacks):
    event = event_create(capacity=1)
    register(event)

    with django_capture_on_commit_callbacks(execute=True):
        waiting = register(event)

    assert waiting.status == Registration.Status.WAITLISTED
    message = mail.outbox[-1]
    assert "Lista rezerwowa" in message.subject
    assert message.attachments == []
    assert _html(message)


def test_one_day_event_is_written_without_a_range(django_capture_on_commit_callbacks):
    event = event_create(days=1, first_day=datetime.date(2026, 10, 30))

    with django_capture_on_commit_callbacks(execute=True):
        register(event)

    assert "Termin: 30 października 2026, 9:00–16:00" in mail.outbox[-1].body
