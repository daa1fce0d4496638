"""WCAG 2.1 details the axe checks do not catch: the language of
editor-written content, grouped checkboxes, the error summary and its
title, wide tables in a scrolling region."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from szkola.home.tests.factories import standard_page

pytestmark = pytest.mark.django_db


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_polish_content_is_marked_polish_in_the_english_interface(client, settings):
    page = standard_page(title="O projekcie", lead="Współpraca w gminie.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    soup = _soup(client.get(page.url))

    assert soup.html["lang"] == "en"
    assert soup.h1["lang"] == "pl"
    assert soup.select_one("p.lead")["lang"] == "pl"
    assert soup.select_one("div.stream")["lang"] == "pl"


def test_polish_interface_needs_no_extra_lang(client):
    page = standard_page(title="O projekcie", lead="Współpraca w gminie.")

    soup = _soup(client.get(page.url))

    assert soup.html["lang"] == "pl"
    assert not soup.h1.has_attr("lang")


def test_failed_submit_shows_a_focusable_error_summary_and_says_so_in_the_title(
    client,
):
    response = client.post(reverse("account_signup"), {"email": "zly-adres"})

    soup = _soup(response)
    assert soup.title.get_text().startswith("Błędy w formularzu:")
    summary = soup.select_one("[data-error-summary]")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1"
    links = summary.select("a[href^='#']")
    assert links
    for link in links:
        assert soup.find(id=link["href"][1:]) is not None


def test_page_without_errors_has_a_plain_title(client):
    soup = _soup(client.get(reverse("account_signup")))

    assert not soup.title.get_text().startswith("Błędy")
    assert soup.select_one("[data-error-summary]") is None


def test_nights_are_a_fieldset_with_legend_and_described_help(client):
    from events.tests.factories import event_create, user_create

    event = event_create(days=3)
    client.force_login(user_create())

    soup = _soup(client.get(event.url))

    fieldset = soup.select_one("form.registration-form fieldset")
    assert fieldset is not None
    assert fieldset.legend.get_text(strip=True) == "Noclegi"
    described = fieldset["aria-describedby"].split()
    assert "id_nights_helptext" in described
    assert soup.find(id="id_nights_helptext") is not None
    assert len(fieldset.select("input[type=checkbox]")) == 3  # arrival night too
    # Single checkboxes read as statements, without a trailing colon.
    meals = soup.find("label", attrs={"for": "id_meals"})
    assert not meals.get_text().strip().endswith(":")


def test_programme_table_scrolls_in_its_own_focusable_region(client):
    from events.tests.factories import event_create

    event = event_create(days=1)

    soup = _soup(client.get(event.url))

    wrapper = soup.select_one("table.programme-table").parent
    assert "table-scroll" in wrapper["class"]
    assert wrapper["tabindex"] == "0" and wrapper["role"] == "region"
    assert wrapper["aria-label"]


A11Y_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-ocena",
    "a11y-data-sporzadzenie",
    "a11y-audytor",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


def _declaration(**fields):
    import datetime

    from szkola.home.models import AccessibilityDeclarationPage, HomePage
    from szkola.home.tests.factories import home_page

    home_page()
    home = HomePage.objects.get()
    page = AccessibilityDeclarationPage(
        title="Deklaracja dostępności",
        slug="deklaracja-dostepnosci",
        entity_name="Regionalny Ośrodek Polityki Społecznej w Rzeszowie",
        published_on=datetime.date(2021, 3, 1),
        updated_on=datetime.date(2026, 3, 20),
        prepared_on=datetime.date(2026, 3, 20),
        auditor="Fundacja Widzialni",
        contact_person="Anna Nowak",
        contact_email="dostepnosc@example.org",
        contact_phone="17 747 06 00",
        procedure="<p>Żądanie realizujemy w ciągu 7 dni.</p>",
        architecture="<p>Winda do wszystkich pięter.</p>",
        **fields,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_declaration_carries_the_statutory_ids_in_order(client):
    import time_machine

    page = _declaration()

    with time_machine.travel("2026-11-30 23:30:00+00:00"):
        soup = _soup(client.get(page.url))

    found = [
        element["id"]
        for element in soup.find_all(id=True)
        if element["id"].startswith("a11y-")
    ]
    assert found == A11Y_IDS
    assert soup.find(id="a11y-data-publikacja").get_text() == "2021-03-01"
    assert soup.find(id="a11y-email")["href"] == "mailto:dostepnosc@example.org"
    assert "częściowo zgodna" in soup.find(id="a11y-status").get_text()
    # 23:30 UTC on 30 November is 1 December in Warsaw: next review 31 March.
    review = soup.find("time")
    assert review["datetime"] == "2027-03-31"
    assert "zaległy" not in soup.main.get_text()


def test_declaration_not_reviewed_by_31_march_says_it_is_overdue(client):
    import datetime

    import time_machine

    page = _declaration()
    page.updated_on = page.prepared_on = datetime.date(2025, 3, 1)
    page.save_revision().publish()

    with time_machine.travel("2026-04-01 10:00:00+00:00"):
        soup = _soup(client.get(page.url))

    assert "Przegląd jest zaległy." in soup.main.get_text()


def test_footer_links_the_declaration_on_every_page(client):
    page = _declaration()

    soup = _soup(client.get("/"))

    assert soup.select_one(f'footer a[href="{page.url}"]') is not None
