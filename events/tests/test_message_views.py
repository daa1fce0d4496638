import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from szkola.accounts.tests.factories import mark_session_mfa

from ..models.messages import EventMessage, EventMessageRecipient
from .factories import coordinator_create, event_create, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def podlaskie(client):
    user = coordinator_create(scope="20", first_name="Ewa", last_name="Podlaska")
    client.force_login(user)
    mark_session_mfa(client, user)
    return user


@pytest.fixture
def event():
    event = event_create(organiser="20", capacity=1)
    register(event, user=None)
    register(event, user=None)  # waiting list
    return event


def _compose(client, event, **data):
    payload = {"statuses": ["confirmed"], "subject": "Zmiana sali", "body": "Sala 12."}
    payload.update(data)
    return client.post(reverse("events_messages:compose", args=[event.pk]), payload)


def test_compose_preview_send(
    client, podlaskie, event, django_capture_on_commit_callbacks
):
    response = client.get(reverse("events_messages:compose", args=[event.pk]))
    assert response.status_code == 200
    assert "potwierdzone (1)" in response.content.decode()

    response = _compose(
        client,
        event,
        attachment=SimpleUploadedFile("mapa.pdf", b"%PDF-1.4 mapa", "application/pdf"),
    )
    draft = EventMessage.objects.get()
    assert response.url == reverse("events_messages:preview", args=[event.pk, draft.pk])

    preview = client.get(response.url).content.decode()
    assert "Wiadomość trafi do 1 osoby." in preview
    assert "[Szkoła Kooperacji] Zmiana sali" in preview
    assert "Sala 12." in preview
    assert "mapa.pdf" in preview
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events_messages:preview", args=[event.pk, draft.pk])
        )
    assert response.url == reverse("events_messages:list", args=[event.pk])
    assert len(mail.outbox) == 1
    listing = client.get(response.url).content.decode()
    assert "Zmiana sali" in listing
    detail = client.get(
        reverse("events_messages:detail", args=[event.pk, draft.pk])
    ).content.decode()
    assert EventMessageRecipient.objects.get().email in detail
    attachment = client.get(
        reverse("events_messages:attachment", args=[event.pk, draft.pk])
    )
    assert attachment.content == b"%PDF-1.4 mapa"


def test_zero_recipients_message(client, podlaskie, event):
    response = _compose(client, event, statuses=["rejected"])
    assert response.status_code == 200
    assert "nie ma adresatów i nie została wysłana" in response.content.decode()
    assert not EventMessage.objects.exists()


def test_bad_attachment_message(client, podlaskie, event):
    response = _compose(
        client, event, attachment=SimpleUploadedFile("wirus.exe", b"MZ", "x/y")
    )
    assert "Załącznik może być plikiem PDF" in response.content.decode()
    assert not EventMessage.objects.exists()


def test_other_voivodeship_refused_nothing_sent(
    client, podlaskie, django_capture_on_commit_callbacks
):
    other = event_create(organiser="18")
    register(other)
    leader = coordinator_create(scope="MR")
    from ..services import event_message_draft

    draft = event_message_draft(
        event=other, actor=leader, statuses=["confirmed"], subject="S", body="B"
    )
    urls = [
        ("get", reverse("events_messages:list", args=[other.pk])),
        ("get", reverse("events_messages:compose", args=[other.pk])),
        ("post", reverse("events_messages:compose", args=[other.pk])),
        ("get", reverse("events_messages:preview", args=[other.pk, draft.pk])),
        ("post", reverse("events_messages:preview", args=[other.pk, draft.pk])),
        ("post", reverse("events_messages:reminders_send", args=[other.pk])),
    ]
    for method, url in urls:
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(
                url, {"statuses": ["confirmed"], "subject": "X", "body": "Y"}
            )
        assert response.status_code == 403, url
        assert (
            "Nie koordynujesz wydarzeń tego organizatora" in response.content.decode()
        )
    draft.refresh_from_db()
    assert draft.sent_at is None
    assert EventMessage.objects.count() == 1
    assert mail.outbox == []


def test_draft_of_another_event_not_reachable(client, podlaskie, event):
    other = event_create(organiser="18")
    register(other)
    from ..services import event_message_draft

    draft = event_message_draft(
        event=other,
        actor=coordinator_create(scope="MR"),
        statuses=["confirmed"],
        subject="S",
        body="B",
    )
    # Own event in the URL, someone else's draft id: not found, not sent.
    response = client.post(
        reverse("events_messages:preview", args=[event.pk, draft.pk])
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.sent_at is None


def test_without_second_factor_refused(client, event):
    user = coordinator_create(scope="20")
    client.force_login(user)
    response = client.get(reverse("events_messages:list", args=[event.pk]))
    assert response.status_code == 302
    assert "/admin/" not in response.url


def test_participant_refused(client, event):
    from .factories import user_create

    client.force_login(user_create())
    response = client.get(reverse("events_messages:list", args=[event.pk]))
    assert response.status_code in (302, 403)
    assert not EventMessage.objects.exists()


def test_manual_reminder_button(
    client, podlaskie, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events_messages:reminders_send", args=[event.pk]), follow=True
        )
    assert "Wysłano przypomnienia: 1." in response.content.decode()
    assert len(mail.outbox) == 1


def test_event_history_entry(podlaskie, event):
    """The page's history (Wagtail's log) shows the message in Polish."""
    from wagtail.models import PageLogEntry

    from ..services import event_message_draft, event_message_send

    draft = event_message_draft(
        event=event, actor=podlaskie, statuses=["confirmed"], subject="Sala", body="B"
    )
    event_message_send(message=draft, actor=podlaskie)
    entry = PageLogEntry.objects.get(page_id=event.pk, action="events.message_sent")
    assert entry.user_id == podlaskie.pk
    assert entry.message == "Wysłano wiadomość „Sala” do 1 osoby."
    assert entry.formatter.label == "Wiadomość do uczestników"
