import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from szkola.home.models import SiteSettings
from szkola.home.tests.factories import home_page, standard_page

pytestmark = pytest.mark.django_db

PAGES = ["/", "/strona-testowa/", "/konto/login/"]


@pytest.fixture
def content_page():
    return standard_page(title="Strona testowa", lead="Wprowadzenie do strony.")


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_polish_by_default(client, content_page, path):
    html = soup(client.get(path))

    assert html.html["lang"] == "pl"


@pytest.mark.parametrize("path", PAGES)
def test_english_accept_language_is_ignored(client, content_page, path):
    html = soup(client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))

    assert html.html["lang"] == "pl"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_starts_with_a_skip_link_to_main(client, content_page, path):
    html = soup(client.get(path))

    first_link = html.body.find("a")
    assert first_link["href"] == "#main"
    assert "skip-link" in first_link["class"]
    assert html.find("main", id="main") is not None


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_funding_marks_in_order(client, content_page, path):
    html = soup(client.get(path))

    bar = html.select_one("footer [data-funding-bar]")
    marks = [li["data-mark"] for li in bar.select("[data-mark]")]
    assert marks == ["fe", "rp", "eu"]
    assert all(img.get("alt") for img in bar.select("img"))
    assert "Europejskiego Funduszu Społecznego" in bar.get_text()


def test_funding_marks_fall_back_to_static_svgs(client):
    html = soup(client.get("/"))

    sources = [img["src"] for img in html.select("[data-funding-bar] img")]
    assert [src.rsplit("/", 1)[-1] for src in sources] == ["fe.svg", "rp.svg", "eu.svg"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_one_h1(client, content_page, path):
    html = soup(client.get(path))

    assert len(html.find_all("h1")) == 1


def test_switching_to_english_sets_the_cookie_and_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = soup(client.get("/"))
    assert html.html["lang"] == "en"
    # The compiled English catalogue is used, not just the language code.
    assert html.select_one(".skip-link").get_text(strip=True) == "Skip to content"
    login = soup(client.get("/konto/login/"))
    assert "Przejdź do treści" not in login.get_text()


def test_english_page_offers_polish_back(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = soup(client.get("/"))

    button = html.select_one(".language-switch button")
    assert button["value"] == "pl"
    assert button["lang"] == "pl"


def test_polish_page_offers_english(client):
    html = soup(client.get("/"))

    button = html.select_one(".language-switch button")
    assert button["value"] == "en"
    assert button["lang"] == "en"


def test_unknown_language_cookie_falls_back_to_polish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    html = soup(client.get("/"))

    assert html.html["lang"] == "pl"


def test_header_has_named_main_and_account_navigation(client):
    html = soup(client.get("/"))

    labels = {nav.get("aria-label") for nav in html.select("header nav")}
    assert labels == {"Menu główne", "Konto"}


def test_current_section_is_marked_in_the_main_menu(client):
    standard_page(title="O projekcie", slug="o-projekcie")

    html = soup(client.get("/o-projekcie/"))

    current = html.select(".site-nav a[aria-current]")
    assert [a["href"] for a in current] == ["/o-projekcie/"]
    assert current[0]["aria-current"] == "page"


def test_footer_links_to_the_information_pages(client):
    html = soup(client.get("/"))

    hrefs = [a["href"] for a in html.select("footer nav a")]
    for href in ("/deklaracja-dostepnosci/", "/ochrona-danych/", "/o-projekcie/"):
        assert href in hrefs


def test_site_settings_changes_show_in_the_footer(client):
    site_settings = SiteSettings.for_site(home_page().get_site())
    site_settings.organisation_name = "ROPS testowy"
    site_settings.organisation_address = "ul. Próbna 1\n00-001 Warszawa"
    site_settings.contact_email = "biuro@example.org"
    site_settings.contact_phone = "22 123 45 67"
    site_settings.fe_alt = "Znak FE testowy"
    site_settings.cofinancing_text = "<p>Zdanie o dofinansowaniu testowe.</p>"
    site_settings.save()

    footer = soup(client.get("/")).footer

    text = footer.get_text(" ")
    assert "ROPS testowy" in text
    assert "00-001 Warszawa" in text
    assert footer.select_one('a[href="mailto:biuro@example.org"]') is not None
    assert footer.select_one('a[href="tel:221234567"]') is not None
    assert footer.select_one('[data-mark="fe"] img')["alt"] == "Znak FE testowy"
    assert "Zdanie o dofinansowaniu testowe." in text


def test_no_inline_styles_or_scripts(client, content_page):
    for path in PAGES:
        html = soup(client.get(path))

        assert not html.select("[style]"), path
        assert not [s for s in html.find_all("script") if not s.get("src")], path


def test_nested_page_shows_breadcrumbs(client, content_page):
    standard_page(parent=content_page, title="Podstrona")

    html = soup(client.get("/strona-testowa/podstrona/"))

    crumbs = html.select("nav.breadcrumbs a")
    assert [a["href"] for a in crumbs] == [
        "/",
        "/strona-testowa/",
        "/strona-testowa/podstrona/",
    ]
    assert crumbs[-1]["aria-current"] == "page"


def test_top_level_page_has_no_breadcrumbs(client, content_page):
    html = soup(client.get("/strona-testowa/"))

    assert html.select("nav.breadcrumbs") == []
