"""Error pages in Polish with the site's frame, and malformed addresses
answered 400/404, never 500 (run on PostgreSQL too: DATABASE_URL)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from szkola.home.tests.factories import home_page

pytestmark = pytest.mark.django_db


def _refuse(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom")


def _urlpatterns():
    from szkola.urls import urlpatterns as site

    return [path("odmowa/", _refuse), path("awaria/", _crash), *site]


urlpatterns = _urlpatterns()


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _assert_frame(soup: BeautifulSoup, *, title: str) -> None:
    assert soup.html["lang"] == "pl"
    skip = soup.select_one("a.skip-link")
    assert skip is not None and skip["href"] == "#main"
    assert soup.select_one("main#main") is not None
    assert soup.select_one("header.site-header") is not None
    assert title in soup.title.get_text()
    assert soup.select_one('main a[href="/"]') is not None  # a way back
    assert len(soup.find_all("h1")) == 1


def test_unknown_address_gets_the_polish_404_page(client):
    home_page()

    response = client.get("/nie-ma-takiej-strony/")

    assert response.status_code == 404
    soup = _soup(response)
    _assert_frame(soup, title="Nie ma takiej strony (błąd 404)")
    assert soup.h1.get_text() == "Nie ma takiej strony"
    assert soup.select_one("footer.site-footer") is not None


def test_english_interface_gets_the_404_page_in_english_markup(client, settings):
    home_page()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/nie-ma-takiej-strony/")

    assert _soup(response).html["lang"] == "en"


@override_settings(ROOT_URLCONF=__name__)
def test_permission_refusal_renders_the_403_page(client):
    response = client.get("/odmowa/")

    assert response.status_code == 403
    soup = _soup(response)
    _assert_frame(soup, title="Brak dostępu (błąd 403)")
    assert "403 Forbidden" not in response.content.decode()


def test_participant_refused_a_live_room_sees_the_403_page(client):
    from events.tests.factories import event_create, user_create

    event = event_create()
    client.force_login(user_create())

    response = client.get(f"/wydarzenia/{event.pk}/na-zywo/")

    assert response.status_code == 403
    assert _soup(response).h1.get_text() == "Brak dostępu do tej strony"


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_renders_the_standalone_500_page(client):
    client.raise_request_exception = False

    response = client.get("/awaria/")

    assert response.status_code == 500
    soup = _soup(response)
    _assert_frame(soup, title="Błąd serwera (błąd 500)")


@pytest.mark.parametrize(
    "url",
    [
        "/certyfikaty/weryfikacja/%00/",
        "/kalendarz/%00.ics",
        "/media/images/%00.jpg",
        "/admin/pages/search/?q=%00",
        "/kursy/?q=%00",
        "/szkolenia/?status=%00",
        "/%00",
        "/konto/login/?next=%2F%00",
    ],
)
def test_nul_byte_in_path_or_query_is_400_never_500(client, url):
    home_page()

    response = client.get(url)

    assert response.status_code == 400
    assert "Nieprawidłowy adres" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/certyfikaty/weryfikacja/%FF%FE/",
        "/kalendarz/" + "x" * 300 + ".ics",
        "/certyfikaty/weryfikacja/" + "a" * 5000 + "/",
        "/certyfikaty/osiagniecia/course-99999999999999999999/",
        "/moje/zapisy/999999999999999999999/kod-qr.svg",
    ],
)
def test_malformed_or_huge_values_are_not_found(client, url):
    from events.tests.factories import user_create

    home_page()
    client.force_login(user_create())

    response = client.get(url)

    assert response.status_code in (400, 404)


def test_favicon_answers(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_nul_byte_page_follows_the_chosen_language_not_the_threads_last(
    client, settings
):
    """The refusal comes before the locale middleware: a thread that served
    an English page last must not answer a Polish reader in English."""
    from django.utils import translation

    with translation.override("en"):
        polish = client.get("/%00")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get("/%00")
    with translation.override("pl"):
        english_again = client.get("/%00")

    assert polish.status_code == english.status_code == 400
    assert "Nieprawidłowy adres" in polish.content.decode()
    assert "Nieprawidłowy adres" not in english.content.decode()
    assert english_again.content == english.content
