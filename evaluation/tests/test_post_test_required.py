"""An event's plan may require the post-test for the certificate: no
certificate before it, the participant sees why on "Moje zaświadczenia",
and the certificate follows the test by itself. The test's link and QR code
are on the attendance list and in the reminder email."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certificates.errors import CertificateError
from certificates.models import Certificate
from certificates.services import certificate_issue, completion_record
from courses.tests.factories import answers_for
from events.models import EventPage
from events.services import event_reminders_send_now
from szkola.home.tests import pdf_checks

from .. import services
from .factories import (
    EVENT,
    completion_source,
    confirmed,
    coordinator_create,
    event_create,
    event_with_bank,
    knowledge_submit,
    past_event,
    staff_login,
)

pytestmark = pytest.mark.django_db


def test_required_post_test_holds_the_certificate_until_taken(
    django_capture_on_commit_callbacks,
):
    event = past_event()
    bank = event_with_bank(event, post_test_required=True)
    person = confirmed(event)
    completion = completion_record(user_id=person.pk, source=completion_source(event))

    with pytest.raises(CertificateError) as error:
        certificate_issue(completion=completion)
    assert error.value.code == "post_test_missing"
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        knowledge_submit(
            user=person,
            source=event,
            phase="post",
            answers=answers_for(bank),
        )
    assert Certificate.objects.get(user=person).completion == completion


def test_paper_post_test_entered_by_a_coordinator_releases_the_certificate(
    django_capture_on_commit_callbacks,
):
    event = past_event(organiser="18")
    event_with_bank(event, post_test_required=True)
    person = confirmed(event)
    completion_record(user_id=person.pk, source=completion_source(event))

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_result_enter(
            actor=coordinator_create(scope="18"),
            source_kind=EVENT,
            source_id=event.pk,
            participant=person,
            phase="post",
            score=80,
        )
    assert Certificate.objects.filter(user=person).exists()


def test_post_test_not_required_certificate_issued_at_once():
    event = past_event()
    event_with_bank(event, post_test_required=False)
    person = confirmed(event)
    completion = completion_record(user_id=person.pk, source=completion_source(event))
    certificate_issue(completion=completion)
    assert Certificate.objects.filter(user=person).exists()


def test_participant_sees_why_the_certificate_waits_and_where_the_test_is(client):
    event = past_event()
    event_with_bank(event, post_test_required=True)
    person = confirmed(event)
    completion_record(user_id=person.pk, source=completion_source(event))
    client.force_login(person)

    response = client.get(reverse("certificates:mine"))

    text = response.content.decode()
    assert response.status_code == 200
    assert event.title in text
    assert "po rozwiązaniu testu wiedzy po zajęciach" in text
    test_path = reverse(
        "evaluation:test",
        kwargs={"source_kind": EVENT, "source_id": event.pk, "phase": "post"},
    )
    assert f'href="{test_path}"' in text


def test_nothing_waits_once_the_certificate_is_issued(client):
    event = past_event()
    event_with_bank(event, post_test_required=False)
    person = confirmed(event)
    certificate_issue(
        completion=completion_record(user_id=person.pk, source=completion_source(event))
    )
    client.force_login(person)

    text = client.get(reverse("certificates:mine")).content.decode()

    assert "Zaświadczenia w oczekiwaniu" not in text


def _test_url(event, phase):
    from ..selectors import knowledge_test_url

    return knowledge_test_url(source_kind=EVENT, source_id=event.pk, phase=phase)


def test_attendance_list_prints_the_tests_with_qr_codes_that_decode(client):
    import io

    from pypdf import PdfReader

    event = past_event(organiser="18")
    event_with_bank(event, post_test_required=True)
    confirmed(event)
    staff_login(client, coordinator_create(scope="18"))

    response = client.get(reverse("events:attendance_sheet_pdf", args=[event.pk]))

    assert response.status_code == 200
    pdf = response.content
    text = pdf_checks.text(pdf)
    assert "wymagany do zaświadczenia" in text
    assert _test_url(event, "post") in text
    pdf_checks.assert_all_text_inside_pages(pdf)
    last = len(PdfReader(io.BytesIO(pdf)).pages)
    codes = pdf_checks.qr_codes(pdf, page=last, dpi=150)
    assert sorted(codes) == sorted([_test_url(event, "pre"), _test_url(event, "post")])


def test_attendance_list_without_a_question_bank_has_no_test_codes(client):
    event = past_event(organiser="18")
    confirmed(event)
    staff_login(client, coordinator_create(scope="18"))

    pdf = client.get(reverse("events:attendance_sheet_pdf", args=[event.pk])).content

    assert "zeskanuj kod" not in pdf_checks.text(pdf)
    assert pdf_checks.qr_codes(pdf) == []


def test_reminder_email_carries_the_test_links(django_capture_on_commit_callbacks):
    first = timezone.localdate() + datetime.timedelta(days=10)
    event = event_create(organiser="18", first_day=first)
    event_with_bank(event, post_test_required=True)
    person = confirmed(event)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reminded = event_reminders_send_now(
            event=EventPage.objects.get(pk=event.pk),
            actor=coordinator_create(scope="18"),
        )

    assert reminded == 1
    [email] = [m for m in mail.outbox if person.email in m.to]
    html = email.alternatives[0][0]
    for phase in ("pre", "post"):
        assert _test_url(event, phase) in email.body
        assert f'href="{_test_url(event, phase)}"' in html
    assert "Test wiedzy po zajęciach (wymagany do zaświadczenia)" in email.body


def test_a_failing_link_listener_never_breaks_the_list(client):
    from events.signals import participant_links

    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    event = past_event(organiser="18")
    confirmed(event)
    participant_links.connect(broken, dispatch_uid="test.broken")
    try:
        staff_login(client, coordinator_create(scope="18"))
        response = client.get(reverse("events:attendance_sheet_pdf", args=[event.pk]))
    finally:
        participant_links.disconnect(dispatch_uid="test.broken")
    assert response.status_code == 200
