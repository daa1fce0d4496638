"""Deleting one's own account (RODO art. 17) from /moje/dane/usun/."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from szkola.accounts.errors import AccountError
from szkola.accounts.models import AuditEntry, Consent, Profile, User
from szkola.accounts.services import account_delete, consent_record, profile_update
from szkola.accounts.signals import account_deleting
from szkola.live.models import Notification
from szkola.live.services import notify

from .factories import PASSWORD, coordinator_create, trainer_create, user_create

pytestmark = pytest.mark.django_db

CONFIRMED = {"password": PASSWORD, "confirm": "on"}


@pytest.fixture
def participant():
    user = user_create(first_name="Jadwiga", last_name="Kowalczyk")
    profile_update(
        user=user,
        first_name="Jadwiga",
        last_name="Kowalczyk",
        institution_name="GOPS w Dubiecku",
    )
    consent_record(user=user)
    notify(user, title="Witamy na platformie")
    return user


def _remains(user_pk: int) -> dict[str, int]:
    return {
        "users": User.objects.filter(pk=user_pk).count(),
        "profiles": Profile.objects.filter(user_id=user_pk).count(),
        "consents": Consent.objects.filter(user_id=user_pk).count(),
        "emails": EmailAddress.objects.filter(user_id=user_pk).count(),
        "notifications": Notification.objects.filter(user_id=user_pk).count(),
    }


def test_delete_page_needs_login(client):
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_dashboard_links_to_account_deletion(client, participant):
    client.force_login(participant)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse("accounts:delete")}"' in html


def test_deleting_removes_account_and_personal_data_and_signs_out(client, participant):
    pk = participant.pk
    client.force_login(participant)

    response = client.post(reverse("accounts:delete"), CONFIRMED, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Twoje konto i dane zostały usunięte." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert _remains(pk) == dict.fromkeys(_remains(pk), 0)
    login = client.post(
        reverse("account_login"), {"login": participant.email, "password": PASSWORD}
    )
    assert not login.wsgi_request.user.is_authenticated


def test_deletion_is_audited_without_the_persons_name(participant):
    pk = participant.pk
    account_delete(user=participant)

    entry = AuditEntry.objects.get(action="accounts.account.deleted")
    assert entry.data == {"user_id": pk}
    assert entry.actor is None
    leftovers = AuditEntry.objects.filter(object_repr__icontains="Kowalczyk")
    assert not leftovers.exists()
    # Earlier entries about the account stay, detached from the person.
    assert AuditEntry.objects.filter(action="accounts.consent.given").exists()


def test_audit_entries_about_cascaded_records_lose_the_name(participant):
    # An enrolment goes with the account; its audit entry, named after the
    # person, stays without the name.
    from courses.services import enrolment_create
    from courses.tests.factories import course_create

    enrolment = enrolment_create(user=participant, course=course_create())
    entry = AuditEntry.objects.get(action="courses.enrolment.created")
    assert "Kowalczyk" in entry.object_repr

    account_delete(user=participant)

    entry.refresh_from_db()
    assert entry.object_repr == ""
    assert entry.object_id == str(enrolment.pk)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"password": "nie-to-haslo", "confirm": "on"}, "Hasło jest nieprawidłowe."),
        ({"password": PASSWORD}, "Zaznacz, że rozumiesz skutki usunięcia konta."),
        ({"confirm": "on"}, "To pole jest wymagane."),
    ],
)
def test_bad_confirmation_keeps_everything(client, participant, data, message):
    before = _remains(participant.pk)
    client.force_login(participant)

    response = client.post(reverse("accounts:delete"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _remains(participant.pk) == before
    assert not AuditEntry.objects.filter(action="accounts.account.deleted").exists()


def test_password_guessing_is_rate_limited(client, participant, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reauthenticate": "2/m/user"}
    client.force_login(participant)
    for _ in range(2):
        client.post(reverse("accounts:delete"), {"password": "zle", "confirm": "on"})

    response = client.post(reverse("accounts:delete"), CONFIRMED)

    assert "Zbyt wiele prób." in response.content.decode()
    assert User.objects.filter(pk=participant.pk).exists()


@pytest.mark.parametrize(
    "make_staff",
    [trainer_create, coordinator_create, lambda: user_create(is_staff=True)],
    ids=["trainer", "coordinator", "admin"],
)
def test_staff_accounts_are_not_deleted_from_the_dashboard(client, make_staff):
    user = make_staff()
    client.force_login(user)

    page = client.get(reverse("accounts:delete")).content.decode()
    response = client.post(reverse("accounts:delete"), CONFIRMED)

    assert "tylko administrator platformy" in page
    assert 'name="password"' not in page
    assert "tylko administrator platformy" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(AccountError) as error:
        account_delete(user=user)
    assert error.value.code == "staff"


def test_a_receiver_may_refuse_and_nothing_is_deleted(participant):
    def refuse(sender, user, **kwargs):
        Notification.objects.filter(user=user).delete()  # a half-done tidy-up
        raise AccountError("busy", "Trwa wydawanie zaświadczenia.")

    account_deleting.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(AccountError):
            account_delete(user=participant)
    finally:
        account_deleting.disconnect(dispatch_uid="test.refuse")

    assert _remains(participant.pk)["users"] == 1
    assert _remains(participant.pk)["notifications"] == 1


def test_page_shows_another_apps_refusal_and_keeps_the_account(client, participant):
    from szkola.accounts.errors import DomainError

    class OtherAppError(DomainError):
        pass

    def refuse(sender, user, **kwargs):
        raise OtherAppError("busy", "Trwa wydawanie zaświadczenia.")

    client.force_login(participant)
    account_deleting.connect(refuse, dispatch_uid="test.refuse.view")
    try:
        response = client.post(reverse("accounts:delete"), CONFIRMED)
    finally:
        account_deleting.disconnect(dispatch_uid="test.refuse.view")

    assert response.status_code == 200
    assert "Trwa wydawanie zaświadczenia." in response.content.decode()
    assert _remains(participant.pk)["users"] == 1


def test_issued_certificate_stays_in_the_register_and_still_verifies(
    client, participant, settings, tmp_path
):
    # Crosses into the certificates app on purpose: the register's validity
    # after a deletion is the promise this page makes.
    from certificates.models import Certificate
    from certificates.tests.conftest import _TEST_KEY
    from certificates.tests.factories import certificate_create

    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    settings.OB_SIGNING_KEY = _TEST_KEY
    settings.WAGTAILADMIN_BASE_URL = "https://szkola.example.org"
    settings.CERTIFICATES_VERIFY_CACHE_PREFIX = f"test-verify-deletion:{tmp_path.name}"
    certificate = certificate_create(user=participant)
    client.force_login(participant)

    client.post(reverse("accounts:delete"), CONFIRMED)

    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.user is None
    assert (kept.number, kept.code, kept.pdf_sha256) == (
        certificate.number,
        certificate.code,
        certificate.pdf_sha256,
    )
    assert kept.recipient_name == certificate.recipient_name
    page = client.get(reverse("certificates:verify_code", args=[kept.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Zaświadczenie ważne" in text
    assert certificate.recipient_name in text
