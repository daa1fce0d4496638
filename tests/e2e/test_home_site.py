"""Journeys through the public site: reading pages, the skip link, the
language switch, the phone layout and the demo participant's first login."""

import re

import pytest
from playwright.sync_api import expect

from szkola.home import demo_people as people

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo_site(demo_site_kept):
    """The seeded demo site, once for the module: every journey here only
    reads it."""


@pytest.fixture
def live_server_url(kept_live_server_url, demo_site):
    return kept_live_server_url


def test_visitor_reads_every_information_page(page, live_server_url, demo_site, axe):
    page.goto(f"{live_server_url}/")
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Szkoła Kooperacji")

    footer = page.get_by_role("contentinfo")
    for name, path in (
        ("O projekcie", "/o-projekcie/"),
        ("Deklaracja dostępności", "/deklaracja-dostepnosci/"),
        ("Ochrona danych osobowych", "/ochrona-danych/"),
    ):
        footer.get_by_role("link", name=name, exact=True).click()
        expect(page).to_have_url(f"{live_server_url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        axe(page)


def test_desktop_menu_is_open_without_a_toggle(page, live_server_url, demo_site):
    page.goto(f"{live_server_url}/")

    menu = page.get_by_role("navigation", name="Menu główne")
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="Kursy online")).to_be_visible()


def test_keyboard_user_skips_to_the_content(page, live_server_url, demo_site, axe):
    page.goto(f"{live_server_url}/o-projekcie/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    axe(page)
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )
    assert focused_in_main


def test_visitor_switches_to_english_and_back(page, live_server_url, demo_site, axe):
    page.goto(f"{live_server_url}/o-projekcie/")

    page.get_by_role("button", name=re.compile("^English")).click()

    expect(page).to_have_url(f"{live_server_url}/o-projekcie/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe(page)
    page.goto(f"{live_server_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name=re.compile("^Polski")).click()

    expect(page.locator("html")).to_have_attribute("lang", "pl")
    axe(page)


def test_phone_layout_keeps_menu_and_funding_marks_usable(
    phone_page, live_server_url, demo_site, axe
):
    phone_page.goto(f"{live_server_url}/")
    axe(phone_page)

    menu = phone_page.get_by_role("navigation", name="Menu główne")
    toggle = menu.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Kursy online")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Kursy online")).to_be_visible()
    axe(phone_page)
    menu.get_by_role("link", name="Kursy online").focus()
    phone_page.keyboard.press("Escape")
    expect(toggle).to_be_focused()
    expect(menu.get_by_role("link", name="Kursy online")).to_be_hidden()
    marks = phone_page.get_by_role("contentinfo").get_by_role("img")
    for i in range(3):
        marks.nth(i).scroll_into_view_if_needed()
        expect(marks.nth(i)).to_be_visible()
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth > window.innerWidth"
    )
    assert not overflow


def test_demo_participant_signs_in(page, live_server_url, demo_site, axe, login):
    page.goto(f"{live_server_url}/konto/login/")
    axe(page)

    login(page, live_server_url, people.DEMO_PARTICIPANT_EMAIL, people.DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_server_url}/moje/")
    account = page.get_by_role("navigation", name="Konto")
    expect(account.get_by_role("link", name="Moje konto")).to_have_attribute(
        "aria-current", "page"
    )
    axe(page)
