"""Sign-up with profile and consent, email confirmation, bad input."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from szkola.accounts.models import Consent, Profile, User

from .factories import PASSWORD, SIGNUP_DATA, user_create

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        Profile.objects.count(),
        Consent.objects.count(),
        EmailAddress.objects.count(),
    )


def test_signup_stores_account_profile_and_consent_and_sends_verification(
    client, settings
):
    response = client.post(reverse("account_signup"), SIGNUP_DATA)

    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP_DATA["email"])
    assert (user.first_name, user.last_name) == ("Maria", "Wiśniewska")
    profile = user.profile
    assert profile.institution_sector == "ops"
    assert profile.voivodeship == "18"
    assert profile.gmina == "Krasne" and profile.powiat == "rzeszowski"
    assert profile.pzk_team == "PZK Krasne"
    consent = Consent.objects.get(user=user)
    assert consent.kind == "rodo"
    assert consent.version == settings.RODO_CONSENT_VERSION
    assert consent.given_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/konto/confirm-email/" in mail.outbox[0].body


def test_confirmation_link_from_email_verifies_and_login_then_works(client):
    client.post(reverse("account_signup"), SIGNUP_DATA)
    link = re.search(r"https?://[^/]+(/konto/confirm-email/\S+/)", mail.outbox[0].body)

    page = client.get(link.group(1))
    assert page.status_code == 200
    client.post(link.group(1))

    assert EmailAddress.objects.get(email=SIGNUP_DATA["email"]).verified
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP_DATA["email"], "password": SIGNUP_DATA["password1"]},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_login_is_refused_until_the_email_is_verified(client):
    client.post(reverse("account_signup"), SIGNUP_DATA)
    client.logout()
    client.post(
        reverse("account_login"),
        {"login": SIGNUP_DATA["email"], "password": SIGNUP_DATA["password1"]},
    )
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password1": "abc", "password2": "abc"}, "To hasło jest za krótkie"),
        (
            {"password1": "1234567890", "password2": "1234567890"},
            "Hasło składa się wyłącznie z cyfr.",
        ),
        ({"password2": "Inne-haslo-2021"}, "Musisz wpisać za każdym razem to samo"),
        ({"consent": ""}, "Bez zgody na przetwarzanie danych nie można założyć konta."),
        ({"voivodeship": "99"}, "Wybierz województwo z listy."),
        ({"institution_sector": "bank"}, "Wybierz sektor z listy."),
        ({"institution_name": ""}, "To pole jest wymagane."),
        ({"first_name": ""}, "To pole jest wymagane."),
        ({"email": "nie-email"}, "poprawny adres"),
    ],
)
def test_bad_signup_input_shows_polish_error_and_stores_nothing(
    client, change, message
):
    before = _counts()
    data = {**SIGNUP_DATA, **change}
    if change.get("consent") == "":
        data.pop("consent")

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == before
    assert mail.outbox == []


def test_signup_with_a_taken_email_is_refused_and_stores_nothing(client):
    user_create(email=SIGNUP_DATA["email"])
    before = _counts()

    response = client.post(reverse("account_signup"), SIGNUP_DATA)

    assert response.status_code == 200
    assert (
        "jest już zarejestrowany użytkownik o tym adresie e-mail"
        in response.content.decode()
    )
    assert _counts() == before


def test_signup_fails_whole_when_the_profile_cannot_be_written(client, monkeypatch):
    from szkola.accounts import forms

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(forms, "consent_record", broken)
    before = _counts()
    with pytest.raises(RuntimeError):
        client.post(reverse("account_signup"), SIGNUP_DATA)
    assert _counts() == before


def test_forged_confirmation_key_shows_clear_page_and_changes_nothing(client):
    user = user_create(verified=False)
    response = client.get("/konto/confirm-email/to-nie-jest-prawdziwy-klucz/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ten link potwierdzający e-mail wygasł lub jest nieprawidłowy." in text
    assert 'href="/konto/email/"' in text
    client.post("/konto/confirm-email/to-nie-jest-prawdziwy-klucz/")
    assert not EmailAddress.objects.get(user=user).verified


def test_expired_confirmation_key_does_not_verify(client, settings):
    user = user_create(verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = -1

    response = client.get(f"/konto/confirm-email/{key}/")
    client.post(f"/konto/confirm-email/{key}/")

    assert "Ten link potwierdzający e-mail wygasł lub jest nieprawidłowy." in (
        response.content.decode()
    )
    assert not EmailAddress.objects.get(user=user).verified


def test_failed_logins_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    user_create(email="ktos@gmina.example.pl")
    pages = [
        client.post(
            reverse("account_login"),
            {"login": "ktos@gmina.example.pl", "password": "zle-haslo"},
        ).content.decode()
        for _ in range(5)
    ]
    limited = "Zbyt wiele nieudanych prób logowania"
    assert not any(limited in html for html in pages[:3])
    assert limited in pages[4]
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"),
        {"login": "ktos@gmina.example.pl", "password": PASSWORD},
    )
    assert limited in response.content.decode()


def test_signup_outside_the_macroregion_warns_but_creates_the_account(client):
    data = {**SIGNUP_DATA, "voivodeship": "12"}  # małopolskie

    response = client.post(reverse("account_signup"), data, follow=True)

    html = response.content.decode()
    assert "jest poza makroregionem projektu" in html
    assert "małopolskie" in html
    assert User.objects.filter(email=SIGNUP_DATA["email"]).exists()


def test_signup_inside_the_macroregion_has_no_warning(client):
    response = client.post(reverse("account_signup"), SIGNUP_DATA, follow=True)

    assert "poza makroregionem" not in response.content.decode()
