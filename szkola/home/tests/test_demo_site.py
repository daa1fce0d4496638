"""The seeded demo site as a visitor meets it."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from bs4 import BeautifulSoup

from szkola.home import demo_people as people
from szkola.home.tests.seeding import demo_seed, kept_data

pytestmark = pytest.mark.django_db


demo = kept_data(demo_seed)


def text_of(response) -> str:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").main.get_text(" ")


def test_accessibility_declaration_is_served_with_the_statutory_parts(client, demo):
    text = text_of(client.get("/deklaracja-dostepnosci/"))

    for part in (
        "4 kwietnia 2019",
        "Status pod względem zgodności z ustawą",
        "Data publikacji strony internetowej",
        "Data ostatniej istotnej aktualizacji",
        "Przygotowanie deklaracji dostępności",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura wnioskowo-skargowa",
        "Rzecznika Praw Obywatelskich",
        "Dostępność architektoniczna",
        "Rzeszowie",
    ):
        assert part in text, part


def test_privacy_page_is_an_information_clause(client, demo):
    text = text_of(client.get("/ochrona-danych/"))

    assert "Administratorem" in text
    assert "Prezesa Urzędu Ochrony Danych Osobowych" in text


def test_about_page_lists_partners_and_milestones(client, demo):
    text = text_of(client.get("/o-projekcie/"))

    assert "Mazowieckie Centrum Polityki Społecznej" in text
    for milestone in ("I kamień", "II kamień", "III kamień", "IV kamień"):
        assert milestone in text


def test_home_page_tells_about_the_model_and_pzk(client, demo):
    text = text_of(client.get("/"))

    assert "Model Kooperacji" in text
    assert "Partnerski Zespół Kooperacji" in text
    assert "O projekcie" in text


def test_footer_shows_the_organisation(client, demo):
    response = client.get("/")

    footer = BeautifulSoup(response.content.decode(), "html.parser").footer
    assert "Regionalny Ośrodek Polityki Społecznej w Rzeszowie" in footer.get_text()


def test_demo_participant_can_log_in(client, demo):
    response = client.post(
        "/konto/login/",
        {"login": people.DEMO_PARTICIPANT_EMAIL, "password": people.DEMO_PASSWORD},
    )

    assert response.status_code == 302
    assert response.wsgi_request.user.email == people.DEMO_PARTICIPANT_EMAIL
    assert client.get("/moje/").status_code == 200


def test_wrong_password_does_not_log_in(client, demo):
    response = client.post(
        "/konto/login/",
        {"login": people.DEMO_PARTICIPANT_EMAIL, "password": "zle-haslo-123"},
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_demo_coordinator_signs_in_with_the_demo_totp_secret(client, demo):
    response = client.post(
        "/konto/login/",
        {"login": people.COORDINATOR_EMAILS["18"], "password": people.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]
    code = format_hotp_value(
        hotp_value(people.DEMO_TOTP_SECRET, int(time.time()) // 30)
    )

    response = client.post(response["Location"], {"code": code})

    assert response.status_code == 302
    assert response.wsgi_request.user.email == people.COORDINATOR_EMAILS["18"]
