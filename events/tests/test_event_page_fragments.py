"""The parts of an event page that read the same for everyone (description,
programme, speakers) are shared by signed-in readers through the page cache;
what belongs to one person never is, and a published change shows at once."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from szkola.home.page_cache import fragment_key
from szkola.home.tests.shared_fixtures import page_cache_on  # noqa: F401 - used by name

from ..models import EventPage, ProgrammeItem, Speaker
from .factories import event_create, register, user_create

# Committed changes renew the page cache's generation (after commit).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_cache_on"),
]

SHARED_TABLES = ('"events_programmeitem"', '"events_speaker"')


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def event_with_speaker(**fields) -> EventPage:
    event = event_create(**fields)
    Speaker.objects.create(page=event, name="dr Ewa Kowal", affiliation="ROPS Rzeszów")
    return EventPage.objects.get(pk=event.pk)


def test_signed_in_readers_share_the_programme_and_keep_their_own_parts():
    event = event_with_speaker(capacity=5)
    ewa = user_create(first_name="Ewa", last_name="Zapisana")
    register(event, ewa)
    jan = user_create(first_name="Jan", last_name="Nowy")

    first = signed_in(ewa).get(event.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = signed_in(jan).get(event.url).content.decode()

    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if any(t in q for t in SHARED_TABLES)], sql
    for text in ("Moduł 1: diagnoza", "dr Anna Nowak", "dr Ewa Kowal"):
        assert text in first and text in second
    # Each reader's own part is their own.
    assert "Twoje zgłoszenie" in first and "Twoje zgłoszenie" not in second
    assert "Zapisz się" in second and "Zapisz się" not in first
    assert "4 wolne z 5" in first and "4 wolne z 5" in second


def test_a_published_programme_change_is_seen_by_the_next_signed_in_reader():
    event = event_with_speaker()
    reader = signed_in(user_create())
    assert "Moduł 1: diagnoza" in reader.get(event.url).content.decode()

    page = EventPage.objects.get(pk=event.pk)
    item = page.programme_items.first()
    item.title = "Moduł 1: plan pomocy rodzinie"
    page.programme_items = [item, *page.programme_items.all()[1:]]
    page.save_revision().publish()

    content = reader.get(event.url).content.decode()
    assert "Moduł 1: plan pomocy rodzinie" in content
    assert "Moduł 1: diagnoza" not in content


def test_a_speaker_added_is_seen_by_the_next_signed_in_reader():
    event = event_with_speaker()
    reader = signed_in(user_create())
    assert "dr Ewa Kowal" in reader.get(event.url).content.decode()

    Speaker.objects.create(page=event, name="mgr Piotr Las")

    assert "mgr Piotr Las" in reader.get(event.url).content.decode()


def test_each_language_has_its_own_fragment(settings):
    event = event_create()
    reader = signed_in(user_create())
    polish = reader.get(event.url).content.decode()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    english = reader.get(event.url).content.decode()

    assert 'id="programme-heading">Program<' in polish
    assert 'id="programme-heading">Programme<' in english


def test_a_preview_and_a_page_cache_switched_off_share_nothing(settings):
    request = RequestFactory().get("/")
    assert fragment_key(request, ["event-content", "1"]) is not None
    request.is_preview = True
    assert fragment_key(request, ["event-content", "1"]) is None
    settings.PAGE_CACHE_SECONDS = 0
    assert fragment_key(RequestFactory().get("/"), ["event-content", "1"]) is None


def test_without_the_page_cache_the_programme_is_read_every_time(settings):
    settings.PAGE_CACHE_SECONDS = 0
    event = event_create()
    reader = signed_in(user_create())
    reader.get(event.url)

    ProgrammeItem.objects.filter(page=event).update(title="Zmieniony temat")

    assert "Zmieniony temat" in reader.get(event.url).content.decode()
