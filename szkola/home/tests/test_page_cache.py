"""Anonymous public pages come from the cache; nobody's content reaches
anyone else, and what changes (free places, a published edit) shows at once."""

import pytest
from django.test import Client

from events.services import registration_create
from events.tests.factories import event_create, user_create
from szkola.home.page_cache import SERVED_HEADER
from szkola.home.tests.shared_fixtures import page_cache_on  # noqa: F401 - used by name

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_cache_on"),
]


def test_second_anonymous_read_is_served_without_the_database(
    client, django_assert_num_queries
):
    event = event_create(title="Szkolenie w Ustrzykach")

    first = client.get(event.url)
    assert first.status_code == 200
    assert first[SERVED_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(event.url)

    assert second[SERVED_HEADER] == "hit"
    assert second.content == first.content
    assert "Szkolenie w Ustrzykach" in second.content.decode()
    assert second["Content-Language"] == "pl"


def test_signed_in_reader_is_never_served_nor_stored(client):
    event = event_create()
    participant = user_create(first_name="Jolanta", last_name="Zielińska")
    signed_in = Client()
    signed_in.force_login(participant)

    own = signed_in.get(event.url)
    assert SERVED_HEADER not in own
    assert "Moje konto" in own.content.decode()
    anonymous = client.get(event.url)
    assert anonymous[SERVED_HEADER] == "miss"
    again = signed_in.get(event.url)
    assert SERVED_HEADER not in again
    assert "Moje konto" in again.content.decode()
    assert "Moje konto" not in client.get(event.url).content.decode()


def test_free_places_change_at_once_after_a_registration(client):
    event = event_create(capacity=5)
    assert "5 wolnych z 5" in client.get(event.url).content.decode()
    assert client.get(event.url)[SERVED_HEADER] == "hit"

    registration_create(event=event, user=user_create())

    response = client.get(event.url)
    assert response[SERVED_HEADER] == "miss"
    assert "4 wolne z 5" in response.content.decode()


def test_a_published_edit_shows_at_once(client):
    event = event_create(title="Stary tytuł")
    client.get(event.url)

    event.title = "Nowy tytuł"
    event.save_revision().publish()

    assert "Nowy tytuł" in client.get(event.url).content.decode()


def test_an_unpublished_page_is_gone_at_once(client):
    event = event_create()
    assert client.get(event.url).status_code == 200

    event.unpublish()

    assert client.get(event.url).status_code == 404


def test_each_language_has_its_own_copy(client, settings):
    event = event_create()
    polish = client.get(event.url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    english = client.get(event.url)

    assert english[SERVED_HEADER] == "miss"
    assert english["Content-Language"] == "en"
    assert english.content != polish.content


def test_a_page_with_a_form_of_this_browser_is_not_stored(client):
    """A page password form carries this browser's CSRF token."""
    from wagtail.models import PageViewRestriction

    event = event_create()
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="tajne"
    )

    client.get(event.url)
    response = client.get(event.url)

    assert response.status_code == 200
    assert response.get(SERVED_HEADER) != "hit"
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_pages_outside_wagtail_are_not_stored(client):
    client.get("/konto/login/")
    assert client.get("/konto/login/").get(SERVED_HEADER) is None


def test_a_message_cookie_bypasses_the_cache(client):
    event = event_create()
    client.get(event.url)
    client.cookies["messages"] = "x"

    assert client.get(event.url).get(SERVED_HEADER) is None


def test_switching_the_language_needs_no_token_and_goes_back(client, settings):
    event = event_create()
    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/i18n/setlang/", {"language": "en", "next": event.url})

    assert response.status_code == 302
    assert response["Location"] == event.url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_registration_posts_are_not_cached_and_the_page_stays_cached(client):
    from django.urls import reverse

    event = event_create()
    register_url = reverse("events:register", args=[event.pk])

    for url in (event.url, register_url):
        response = client.post(url, {"diet": "standard"})
        assert response.status_code in (302, 307)
        assert SERVED_HEADER not in response
    first = client.get(event.url)
    second = client.get(event.url)

    assert (first.status_code, second[SERVED_HEADER]) == (200, "hit")
    assert register_url not in second.content.decode()  # no form for visitors
