import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from ..errors import EventError
from ..models import Registration
from ..models.messages import EventMessage, EventMessageRecipient
from ..services import event_message_draft, event_message_send
from ..services.messages import UploadedAttachment
from .factories import coordinator_create, event_create, register

pytestmark = pytest.mark.django_db
Status = Registration.Status

PDF = UploadedAttachment("program szkolenia.pdf", b"%PDF-1.4\n% test\n")


@pytest.fixture
def podlaskie():
    return coordinator_create(scope="20", first_name="Ewa", last_name="Koordynator")


def _event_with_people(organiser="20"):
    event = event_create(organiser=organiser, capacity=2)
    confirmed = [register(event), register(event)]
    waiting = register(event)
    return event, confirmed, waiting


def test_draft_and_send_to_confirmed(podlaskie, django_capture_on_commit_callbacks):
    event, confirmed, waiting = _event_with_people()
    mail.outbox.clear()
    draft = event_message_draft(
        event=event,
        actor=podlaskie,
        statuses=["confirmed"],
        subject="Zmiana sali",
        body="Spotykamy się w sali 12 na parterze.",
        attachment=PDF,
    )
    assert draft.sent_at is None
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        count = event_message_send(message=draft, actor=podlaskie)

    assert count == 2
    draft.refresh_from_db()
    assert draft.sent_at is not None
    assert {r.registration_id for r in draft.recipients.all()} == {
        r.pk for r in confirmed
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        r.user.email for r in confirmed
    )
    assert all(r.emailed_at for r in draft.recipients.all())
    email = mail.outbox[0]
    assert email.subject == "[Szkoła Kooperacji] Zmiana sali"
    assert "Spotykamy się w sali 12 na parterze." in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Spotykamy się w sali 12 na parterze." in html
    assert email.attachments[0][0] == "program szkolenia.pdf"
    assert email.attachments[0][2] == "application/pdf"
    # Every recipient also has a notification; the waiting person has none.
    assert Notification.objects.filter(
        user=confirmed[0].user, title__startswith="Wiadomość:"
    ).exists()
    assert not Notification.objects.filter(
        user=waiting.user, title__startswith="Wiadomość:"
    ).exists()
    assert AuditEntry.objects.filter(action="events.message.sent").count() == 1
    entry = PageLogEntry.objects.get(page_id=event.pk, action="events.message_sent")
    assert entry.data["recipients"] == 2


def test_send_to_waiting_list_only(podlaskie, django_capture_on_commit_callbacks):
    event, _confirmed, waiting = _event_with_people()
    draft = event_message_draft(
        event=event, actor=podlaskie, statuses=["waitlisted"], subject="S", body="B"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert event_message_send(message=draft, actor=podlaskie) == 1
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


def test_zero_recipients_stores_and_sends_nothing(podlaskie):
    event, _confirmed, _waiting = _event_with_people()
    with pytest.raises(EventError) as error:
        event_message_draft(
            event=event, actor=podlaskie, statuses=["rejected"], subject="S", body="B"
        )
    assert error.value.code == "no_recipients"
    assert "nie została wysłana" in error.value.message
    assert not EventMessage.objects.exists()


def test_send_refused_when_recipients_gone(
    podlaskie, django_capture_on_commit_callbacks
):
    event = event_create(organiser="20")
    only = register(event)
    draft = event_message_draft(
        event=event, actor=podlaskie, statuses=["confirmed"], subject="S", body="B"
    )
    Registration.objects.filter(pk=only.pk).update(status=Status.CANCELLED)
    mail.outbox.clear()
    with pytest.raises(EventError) as error:
        with django_capture_on_commit_callbacks(execute=True):
            event_message_send(message=draft, actor=podlaskie)
    assert error.value.code == "no_recipients"
    draft.refresh_from_db()
    assert draft.sent_at is None
    assert not EventMessageRecipient.objects.exists()
    assert mail.outbox == []


def test_other_voivodeship_refused(podlaskie):
    event, _confirmed, _waiting = _event_with_people(organiser="18")
    with pytest.raises(EventError) as error:
        event_message_draft(
            event=event, actor=podlaskie, statuses=["confirmed"], subject="S", body="B"
        )
    assert error.value.code == "forbidden"
    assert not EventMessage.objects.exists()


def test_sending_someone_elses_draft_refused(podlaskie):
    event, _confirmed, _waiting = _event_with_people(organiser="18")
    leader = coordinator_create(scope="MR")
    draft = event_message_draft(
        event=event, actor=leader, statuses=["confirmed"], subject="S", body="B"
    )
    with pytest.raises(EventError) as error:
        event_message_send(message=draft, actor=podlaskie)
    assert error.value.code == "forbidden"
    draft.refresh_from_db()
    assert draft.sent_at is None


def test_sent_twice_refused(podlaskie):
    event, _confirmed, _waiting = _event_with_people()
    draft = event_message_draft(
        event=event, actor=podlaskie, statuses=["confirmed"], subject="S", body="B"
    )
    event_message_send(message=draft, actor=podlaskie)
    with pytest.raises(EventError) as error:
        event_message_send(message=draft, actor=podlaskie)
    assert error.value.code == "already_sent"
    assert EventMessageRecipient.objects.count() == 2


@pytest.mark.parametrize(
    ("attachment", "code"),
    [
        (UploadedAttachment("skrypt.exe", b"MZ..."), "attachment_type"),
        (UploadedAttachment("udaje.pdf", b"MZ not a pdf"), "attachment_content"),
        (
            UploadedAttachment("duzy.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
            "attachment_size",
        ),
    ],
)
def test_bad_attachments_refused(podlaskie, attachment, code):
    event, _confirmed, _waiting = _event_with_people()
    with pytest.raises(EventError) as error:
        event_message_draft(
            event=event,
            actor=podlaskie,
            statuses=["confirmed"],
            subject="S",
            body="B",
            attachment=attachment,
        )
    assert error.value.code == code
    assert not EventMessage.objects.exists()


@pytest.mark.parametrize(
    ("statuses", "subject", "body", "code"),
    [
        ([], "S", "B", "bad_statuses"),
        (["confirmed", "everyone"], "S", "B", "bad_statuses"),
        (["confirmed"], "  ", "B", "empty"),
        (["confirmed"], "S" * 151, "B", "too_long"),
    ],
)
def test_bad_input_refused(podlaskie, statuses, subject, body, code):
    event, _confirmed, _waiting = _event_with_people()
    with pytest.raises(EventError) as error:
        event_message_draft(
            event=event, actor=podlaskie, statuses=statuses, subject=subject, body=body
        )
    assert error.value.code == code


def test_emails_task_run_twice_emails_nobody_twice(podlaskie):
    from ..emails import event_message_emails_send

    event, _confirmed, _waiting = _event_with_people()
    draft = event_message_draft(
        event=event, actor=podlaskie, statuses=["confirmed"], subject="S", body="B"
    )
    event_message_send(message=draft, actor=podlaskie)
    mail.outbox.clear()
    assert event_message_emails_send(message_id=draft.pk) == 2
    assert event_message_emails_send(message_id=draft.pk) == 0
    assert len(mail.outbox) == 2
