"""The outbox in the admin, as coordinators use it: their voivodeship's
emails only, why one failed, and sending it again."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from szkola.accounts.tests.factories import (
    coordinator_create,
    mark_session_mfa,
    trainer_create,
)
from szkola.outbox.models import OutboundEmail

from .test_services import ScriptedBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_email(settings):
    settings.OUTBOX_DELIVERY_BACKEND = (
        "szkola.outbox.tests.test_services.ScriptedBackend"
    )
    ScriptedBackend.errors = [smtplib.SMTPResponseException(550, b"No such user")]
    EmailMultiAlternatives(
        "Zaświadczenie gotowe",
        "Treść",
        to=["anna@gmina.example.pl"],
        headers={"X-Outbox-Scope": "20"},
    ).send()
    yield OutboundEmail.objects.get()
    ScriptedBackend.errors = []


def signed_in(client, user):
    client.force_login(user)
    mark_session_mfa(client, user)
    return client


def test_coordinator_sees_why_their_email_failed_and_resends_it(
    client, failed_email, django_capture_on_commit_callbacks
):
    coordinator = coordinator_create(scope="20")
    signed_in(client, coordinator)
    listing = client.get("/admin/poczta/")
    assert listing.status_code == 200
    assert "Zaświadczenie gotowe" in listing.content.decode()

    detail = client.get(f"/admin/poczta/wiadomosc/{failed_email.pk}/")
    assert "550" in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/poczta/wiadomosc/{failed_email.pk}/wyslij-ponownie/"
        )
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert failed_email.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["other-voivodeship", "trainer"])
def test_others_neither_see_nor_resend_it(client, failed_email, who):
    user = coordinator_create(scope="18") if who != "trainer" else trainer_create()
    signed_in(client, user)
    assert "Zaświadczenie gotowe" not in client.get("/admin/poczta/").content.decode()
    detail = client.get(f"/admin/poczta/wiadomosc/{failed_email.pk}/")
    assert detail.status_code in (302, 403, 404)
    client.post(f"/admin/poczta/wiadomosc/{failed_email.pk}/wyslij-ponownie/")
    failed_email.refresh_from_db()
    assert failed_email.status == OutboundEmail.Status.FAILED
    assert mail.outbox == []


def test_leader_sees_every_voivodeships_emails(client, failed_email):
    signed_in(client, coordinator_create(scope="MR"))
    detail = client.get(f"/admin/poczta/wiadomosc/{failed_email.pk}/")
    assert detail.status_code == 200
