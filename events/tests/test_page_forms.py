"""The event form offers a coordinator their own voivodeship only, and the
server refuses any other organiser sent anyway."""

import pytest
from django.urls import reverse

from ..models import EventPage
from .factories import coordinator_create, event_create, index_create, staff_login

pytestmark = pytest.mark.django_db


def _create_data(**overrides) -> dict:
    data = {
        "title": "Szkolenie w Łomży",
        "slug": "szkolenie-w-lomzy",
        "kind": "training2",
        "organiser": "20",
        "venue_name": "Hotel Branicki",
        "city": "Łomża",
        "registration_opens_at": "2026-12-01 08:00",
        "registration_closes_at": "2026-12-20 20:00",
        "capacity": "30",
        "attendance_rule": "all_days",
        "attendance_min_percent": "80",
        "waitlist_offer_hours": "0",
        "reminder_days_before": "3",
        "meals_offered": "on",
        "body-count": "0",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "1",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-12",
        "days-0-start": "09:00",
        "days-0-end": "16:00",
        "days-0-hours": "8.0",
        "days-0-ORDER": "1",
    }
    for prefix in ("programme_items", "speakers", "quotas", "comments"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def test_organiser_list_offers_only_the_coordinators_voivodeship(client):
    index = index_create(slug="szkolenia")
    staff_login(client, coordinator_create(scope="20"))
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    )
    form = response.context["form"]
    assert [value for value, _label in form.fields["organiser"].choices] == ["20"]


def test_coordinator_creates_an_event_of_their_voivodeship(client):
    index = index_create(slug="szkolenia")
    staff_login(client, coordinator_create(scope="20"))
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk]),
        _create_data(),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert EventPage.objects.get(slug="szkolenie-w-lomzy").organiser == "20"


@pytest.mark.parametrize("organiser", ["18", "MR"])
def test_another_organiser_posted_anyway_is_refused(client, organiser):
    index = index_create(slug="szkolenia")
    staff_login(client, coordinator_create(scope="20"))
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk]),
        _create_data(organiser=organiser),
    )
    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    assert not EventPage.objects.filter(slug="szkolenie-w-lomzy").exists()


def test_moving_an_event_to_another_voivodeship_is_refused(client):
    event = event_create(organiser="20", parent=index_create(slug="szkolenia"))
    staff_login(client, coordinator_create(scope="20"))
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["organiser"].choices] == ["20"]
    data = _create_data(organiser="18", slug=event.slug, title=event.title)
    response = client.post(url, data)
    assert "organiser" in response.context["form"].errors
    event.refresh_from_db()
    assert event.organiser == "20"


def test_leader_may_choose_any_organiser(client):
    index = index_create(slug="szkolenia")
    staff_login(client, coordinator_create(scope="MR"))
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk]),
        _create_data(organiser="MR"),
    )
    assert response.status_code == 302
    assert EventPage.objects.get(slug="szkolenie-w-lomzy").organiser == "MR"
