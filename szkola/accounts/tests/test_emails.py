"""allauth's emails are the project's own: Polish, multipart, branded, and
every link on the configured public address (never the request's host)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from .factories import PASSWORD, SIGNUP_DATA, user_create

pytestmark = pytest.mark.django_db

PUBLIC = "https://szkola.example.org"


def _parts(message) -> tuple[str, str]:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def _assert_frame(text: str, html: str) -> None:
    assert text.startswith("Dzień dobry,\n")
    assert "Witamy" not in text and "Hello" not in text
    assert "127.0.0.1" not in text + html and "testserver" not in text + html
    assert f"\nSzkoła Kooperacji\n{PUBLIC}/\n" in text
    assert "Fundusze Europejskie" in text and "Europejski Fundusz Społeczny" in text
    assert '<html lang="pl">' in html
    assert f'href="{PUBLIC}/"' in html
    assert "Fundusze Europejskie" in html


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_signup_confirmation_is_polish_multipart_on_the_public_address(client):
    client.post(reverse("account_signup"), SIGNUP_DATA, HTTP_HOST="127.0.0.1:8000")

    [message] = mail.outbox
    assert message.subject == (
        "[Szkoła Kooperacji] Potwierdź adres e-mail i dokończ zakładanie konta"
    )
    text, html = _parts(message)
    _assert_frame(text, html)
    link = re.search(rf"{PUBLIC}/konto/confirm-email/\S+/", text).group(0)
    assert f'href="{link}"' in html
    assert "Jeśli to nie Ty, zignoruj tę wiadomość" in text
    # The link works.
    path = link.removeprefix(PUBLIC)
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email=SIGNUP_DATA["email"]).verified


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_password_reset_email_is_polish_multipart_with_the_public_link(client):
    user = user_create(email="ola@example.org")

    client.post(
        reverse("account_reset_password"),
        {"email": user.email},
        HTTP_HOST="127.0.0.1:8000",
    )

    [message] = mail.outbox
    assert message.subject == "[Szkoła Kooperacji] Ustaw nowe hasło"
    text, html = _parts(message)
    _assert_frame(text, html)
    link = re.search(rf"{PUBLIC}/konto/password/reset/key/\S+/", text).group(0)
    assert f'href="{link}"' in html
    assert "dotychczasowe hasło dalej działa" in text


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_unknown_account_email_is_polish_on_the_public_address(rf):
    # Sent by allauth only when it hides which addresses have accounts;
    # rendered here the way allauth does.
    from allauth.account.adapter import get_adapter

    message = get_adapter(rf.get("/")).render_mail(
        "account/email/unknown_account",
        "nikt@example.org",
        {
            "email": "nikt@example.org",
            "signup_url": "http://127.0.0.1:8000/konto/signup/",
        },
    )

    assert message.subject == "[Szkoła Kooperacji] Nie mamy konta dla tego adresu"
    text, html = _parts(message)
    _assert_frame(text, html)
    assert f"{PUBLIC}/konto/signup/" in text
    assert f"{PUBLIC}/konto/signup/" in html


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_email_change_confirmation_goes_to_the_new_address(client):
    user = user_create(email="stary@example.org")
    client.force_login(user)

    client.post(
        reverse("account_email"),
        {"action_add": "", "email": "nowy@example.org"},
    )

    message = mail.outbox[-1]
    assert message.to == ["nowy@example.org"]
    assert message.subject == "[Szkoła Kooperacji] Potwierdź adres e-mail"
    text, html = _parts(message)
    _assert_frame(text, html)
    assert "(nowy@example.org)" in text
    assert re.search(rf"{PUBLIC}/konto/confirm-email/\S+/", text)


def test_signup_password_is_never_in_the_email(client):
    client.post(reverse("account_signup"), SIGNUP_DATA)

    [message] = mail.outbox
    assert PASSWORD not in message.body
    assert SIGNUP_DATA["password1"] not in message.alternatives[0][0]
