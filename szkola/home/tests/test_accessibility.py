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
