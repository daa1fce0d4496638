"""The email telling a person their certificate is issued, read in full."""

import pytest
from django.core import mail

from certificates.services import certificate_issue

from .factories import completion_create, user_create

pytestmark = pytest.mark.django_db


def test_issue_emails_the_holder_with_the_verification_link(
    django_capture_on_commit_callbacks,
):
    user = user_create(email="anna@example.org")
    completion = completion_create(user=user)

    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(completion=completion)

    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == (
        f"[Szkoła Kooperacji] Masz nowe zaświadczenie: {certificate.title}"
    )
    verify = f"https://szkola.example.org/certyfikaty/weryfikacja/{certificate.code}/"
    text = message.body
    assert text.startswith("Dzień dobry,\n")
    assert f"Numer: {certificate.number}" in text
    assert verify in text
    assert "https://szkola.example.org/moje/certyfikaty/" in text
    assert "Unia Europejska — Europejski Fundusz Społeczny" in text
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{verify}"' in html
    assert '<html lang="pl">' in html
    assert certificate.number in html


def test_issuing_again_sends_no_second_email(django_capture_on_commit_callbacks):
    completion = completion_create()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(completion=completion)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(completion=completion)

    assert len(mail.outbox) == 1


def test_demo_seeding_mutes_the_email(django_capture_on_commit_callbacks):
    from szkola.home.emails import emails_muted

    completion = completion_create()
    with emails_muted(), django_capture_on_commit_callbacks(execute=True):
        certificate_issue(completion=completion)

    assert mail.outbox == []


def test_personal_data_export_includes_the_certificates(client):
    import json

    from django.urls import reverse

    completion = completion_create()
    certificate = certificate_issue(completion=completion)
    client.force_login(certificate.user)

    response = client.get(reverse("accounts:export"))

    data = json.loads(response.content)
    [entry] = data["certificates"]
    assert entry["number"] == certificate.number
    assert entry["title"] == certificate.title
    assert entry["verification_url"].endswith(f"/{certificate.code}/")
    assert entry["status"] == "valid"
