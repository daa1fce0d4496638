"""The event page a registration posts to comes from the cache during a
burst, and any change to the page, its days, quotas, view restrictions, its
place in the tree or the site is seen by the very next registration."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from ..models import EventPage, EventQuota, Registration
from .factories import (
    coordinator_create,
    event_create,
    index_create,
    staff_login,
    user_create,
)

pytestmark = pytest.mark.django_db

FORM = {"meals": "on", "diet": "standard", "accept_waitlist": "on"}
PAGE_TABLES = (
    "wagtailcore_page",
    "wagtailcore_pageviewrestriction",
    "events_eventday",
    "events_eventquota",
)
# With the page from the cache: the person, their EFS data, the transaction
# (2), the profile, the lock, the count, the places held back, the
# registration, its audit entry and the queued announcement
# (REGISTRATION_POST_QUEUED_MAX_QUERIES in test_query_counts.py counts a
# first registration, which reads the page: 16).
WARM_REGISTRATION_MAX_QUERIES = 11


def post_as(client, event, user=None):
    client.force_login(user or user_create())
    return client.post(reverse("events:register", args=[event.pk]), FORM)


def status_of(event, response) -> str:
    assert response.status_code == 302, response.status_code
    return Registration.objects.filter(event=event).latest("pk").status


def test_a_second_registration_reads_no_page(client, settings):
    # Production's queue: the announcement is one insert, run later.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = event_create(capacity=5)
    assert status_of(event, post_as(client, event)) == "confirmed"
    client.force_login(user_create())

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("events:register", args=[event.pk]), FORM)

    assert status_of(event, response) == "confirmed"
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if any(f'"{t}"' in q for t in PAGE_TABLES)], sql
    assert len(sql) <= WARM_REGISTRATION_MAX_QUERIES, sql


def test_published_capacity_is_seen_by_the_next_registration(client):
    event = event_create(capacity=2)
    assert status_of(event, post_as(client, event)) == "confirmed"

    page = EventPage.objects.get(pk=event.pk)
    page.capacity = 1
    page.save_revision().publish()

    assert status_of(event, post_as(client, event)) == "waitlisted"


def test_closed_registration_is_seen_by_the_next_registration(client):
    event = event_create(capacity=5)
    assert status_of(event, post_as(client, event)) == "confirmed"

    page = EventPage.objects.get(pk=event.pk)
    page.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision().publish()
    user = user_create()
    post_as(client, event, user)

    assert not Registration.objects.filter(event=event, user=user).exists()


def test_unpublished_event_takes_no_more_registrations(client):
    event = event_create(capacity=5)
    assert status_of(event, post_as(client, event)) == "confirmed"

    EventPage.objects.get(pk=event.pk).unpublish()

    assert post_as(client, event).status_code == 404
    assert Registration.objects.filter(event=event).count() == 1


def test_a_new_quota_is_seen_by_the_next_registration(client):
    event = event_create(capacity=5)
    first = user_create()
    assert status_of(event, post_as(client, event, first)) == "confirmed"

    # The voivodeship of the test users (18) gets one place, already taken.
    EventQuota.objects.create(page=event, voivodeship="18", places=1)
    user = user_create()
    post_as(client, event, user)

    assert not Registration.objects.filter(event=event, user=user).exists()


@pytest.mark.parametrize("on", ["event", "ancestor"])
def test_a_view_restriction_is_seen_by_the_next_registration(client, on):
    event = event_create(capacity=5)
    assert status_of(event, post_as(client, event)) == "confirmed"

    page = event if on == "event" else event.get_parent()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="tajne"
    )
    user = user_create()
    response = post_as(client, event, user)

    assert response.status_code == 302
    assert not Registration.objects.filter(event=event, user=user).exists()


def test_a_moved_event_sends_registrants_to_its_new_address(client):
    event = event_create(capacity=5)
    response = post_as(client, event)
    assert response["Location"] == event.url

    other = index_create(title="Szkolenia 2027", slug="szkolenia-2027")
    EventPage.objects.get(pk=event.pk).move(other, pos="last-child")
    moved = EventPage.objects.get(pk=event.pk)
    assert moved.url != event.url

    assert post_as(client, event)["Location"] == moved.url


def test_a_changed_site_sends_registrants_to_the_new_address(client):
    event = event_create(capacity=5)
    assert post_as(client, event)["Location"] == event.url

    site = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="inna.example.org", port=443, root_page=site.root_page)
    site.is_default_site = False
    site.hostname = "szkola.example.org"
    site.save()
    fresh = EventPage.objects.get(pk=event.pk)

    assert post_as(client, event)["Location"] == fresh.url


def test_an_invalid_form_is_shown_on_the_cached_page(client):
    event = event_create(capacity=5)
    assert status_of(event, post_as(client, event)) == "confirmed"
    client.force_login(user_create())

    response = client.post(
        reverse("events:register", args=[event.pk]), {"diet": "kebab"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "field--error" in content
    assert event.title in content
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize("on", ["event", "ancestor"])
def test_a_new_view_restriction_guards_the_event_page_at_once(client, on):
    event = event_create()
    assert "Moduł 1: diagnoza" in client.get(event.url).content.decode()

    page = event if on == "event" else event.get_parent()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="tajne"
    )
    content = client.get(event.url).content.decode()

    assert 'name="password"' in content
    assert "Moduł 1: diagnoza" not in content


def test_the_coordinator_opens_an_events_privacy_settings(client):
    """Wagtail's privacy dialog reads the page's view restrictions as a
    queryset: the event page must keep Wagtail's own (cached only in the
    registration's copy of the page). Another voivodeship's event is
    refused."""
    own = event_create(organiser="20", parent=index_create(slug="szkolenia"))
    other = event_create(organiser="18", parent=index_create(slug="szkolenia"))
    PageViewRestriction.objects.create(
        page=own, restriction_type=PageViewRestriction.LOGIN
    )
    staff_login(client, coordinator_create(scope="20"))

    response = client.get(reverse("wagtailadmin_pages:set_privacy", args=[own.pk]))
    refused = client.get(reverse("wagtailadmin_pages:set_privacy", args=[other.pk]))

    assert response.status_code == 200
    # The dialog shows the event's own restriction as chosen.
    assert (
        'value="login" required id="id_restriction_type_2" checked'
        in (response.json()["html"])
    )
    # Wagtail answers a refusal in its admin by sending to the dashboard.
    assert (refused.status_code, refused["Location"]) == (
        302,
        reverse("wagtailadmin_home"),
    )
