"""The public "wolne miejsca" figures leave out the places held back for
teams: on the event page and on the events list, the list asking once for
all its events."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from events.selectors import event_index_context
from events.services import registration_create
from events.tests.factories import index_create

from ..team_places import team_places_held_back, team_places_held_back_by_event
from .factories import event_create, participant_create, places_create, team_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """10 places, 3 held for a team, 2 registered: 5 free."""
    index = index_create(slug="szkolenia-miejsca")
    event = event_create(parent=index, organiser="20", capacity=10)
    places_create(team_create(), event, places=3)
    for _ in range(2):
        registration_create(event=event, user=participant_create())
    return event


def test_the_event_page_shows_five_free_places(client, event):
    text = client.get(event.url).content.decode()
    assert "5 wolnych z 10" in text


def test_the_events_list_shows_the_same(client, event):
    index = event.get_parent()
    text = client.get(index.url).content.decode()
    assert "5 wolnych miejsc" in text
    assert "8 wolnych miejsc" not in text


def _list_queries(index) -> int:
    request = RequestFactory().get(index.url)
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        event_index_context(index_page=index, request=request)
    return len(queries)


def test_the_list_asks_for_held_places_once_not_per_event(event):
    index = event.get_parent()
    before = _list_queries(index)
    for _ in range(3):
        other = event_create(parent=index, organiser="20", capacity=10)
        places_create(team_create(), other, places=2)
    assert _list_queries(index) == before


def test_held_back_places_of_many_reservations_in_one_query(event):
    places_create(team_create(), event, places=4)
    with CaptureQueriesContext(connection) as queries:
        assert team_places_held_back(event_id=event.pk) == 7
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert team_places_held_back_by_event(event_ids=[event.pk]) == {event.pk: 7}
    assert len(queries) == 1


def test_a_few_free_places_read_in_the_few_form(client, event):
    for _ in range(3):
        registration_create(event=event, user=participant_create())

    text = client.get(event.url).content.decode()

    assert "2 wolne z 10" in text
    assert "2 wolnych" not in text
