import pytest
from django.urls import reverse

from ..models import Registration
from .factories import (
    event_create,
    index_create,
    register,
    user_create,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register_url(event) -> str:
    return reverse("events:register", args=[event.pk])


def test_event_page_renders_programme_and_form(client):
    user = user_create()
    client.force_login(user)
    event = event_create(title="Szkolenie w Sanoku")

    response = client.get(event.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Szkolenie w Sanoku" in content
    assert "Moduł 1: diagnoza" in content
    assert 'name="accept_waitlist"' in content


def test_register_from_the_event_page(client):
    user = user_create()
    client.force_login(user)
    event = event_create()

    response = client.post(
        register_url(event), {"meals": "on", "diet": "vegan", "accept_waitlist": "on"}
    )

    assert response.status_code == 302
    registration = Registration.objects.get(user=user)
    assert (registration.status, registration.diet) == (Status.CONFIRMED, "vegan")


def test_registration_after_deadline_shows_message_and_stores_nothing(client):
    user = user_create()
    client.force_login(user)
    event = event_create(closes_in_days=-1)

    response = client.post(register_url(event), {"diet": "standard"}, follow=True)

    assert "Zapisy na to wydarzenie są już zamknięte." in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_twice_shows_the_existing_registration(client):
    user = user_create()
    client.force_login(user)
    event = event_create()
    register(event, user)

    response = client.post(register_url(event), {"diet": "standard"}, follow=True)

    assert "Jesteś już zapisana/zapisany" in response.content.decode()
    assert Registration.objects.filter(user=user).count() == 1


def test_event_page_form_posts_to_the_registration_address(client):
    client.force_login(user_create())
    event = event_create()

    content = client.get(event.url).content.decode()

    assert f'action="/wydarzenia/{event.pk}/zapisz/"' in content
    assert register_url(event) == f"/wydarzenia/{event.pk}/zapisz/"


def test_post_to_the_page_address_goes_on_to_registration_with_its_data(client):
    user = user_create()
    client.force_login(user)
    event = event_create()

    response = client.post(event.url, {"diet": "vegan", "meals": "on"})

    assert response.status_code == 307
    assert response["Location"] == register_url(event)
    assert not Registration.objects.exists()


def test_get_of_the_registration_address_shows_the_page(client):
    client.force_login(user_create())
    event = event_create()

    response = client.get(register_url(event))

    assert (response.status_code, response["Location"]) == (302, event.url)
    assert not Registration.objects.exists()


def test_registration_for_a_draft_event_is_not_found(client):
    client.force_login(user_create())
    event = event_create()
    event.unpublish()

    response = client.post(register_url(event), {"diet": "standard"})

    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_registration_needs_what_seeing_the_page_needs(client):
    from wagtail.models import PageViewRestriction

    client.force_login(user_create())
    event = event_create()
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="tajne"
    )

    response = client.post(register_url(event), {"diet": "standard"})

    assert (response.status_code, response["Location"]) == (302, event.url)
    assert not Registration.objects.exists()


def test_anonymous_post_is_sent_to_login(client):
    event = event_create()

    response = client.post(register_url(event), {"diet": "standard"})

    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_index_lists_events_with_my_status(client):
    user = user_create()
    client.force_login(user)
    index = index_create(slug="szkolenia-lista")
    event = event_create(parent=index, capacity=0)
    register(event, user)

    response = client.get(index.url)

    assert "Twój status:" in response.content.decode()
    assert "lista rezerwowa" in response.content.decode()


def test_index_filters_by_organiser(client):
    index = index_create(slug="szkolenia-filtr")
    event_create(parent=index, title="Lubelskie spotkanie", organiser="06")
    event_create(parent=index, title="Podlaskie spotkanie", organiser="20")

    content = client.get(index.url, {"organizator": "06"}).content.decode()

    assert "Lubelskie spotkanie" in content
    assert "Podlaskie spotkanie" not in content


def test_event_page_queries_stay_constant(client, django_assert_max_num_queries):
    user = user_create()
    client.force_login(user)
    event = event_create(capacity=3)
    register(event)
    client.get(event.url)  # warm caches (site, settings)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(event.url)
    for _ in range(6):
        register(event)
    with CaptureQueriesContext(connection) as many:
        client.get(event.url)

    assert len(many) == len(few)


def test_index_queries_stay_constant(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = user_create()
    client.force_login(user)
    index = index_create(slug="szkolenia-zapytania")
    event = event_create(parent=index, capacity=2)
    register(event, user)
    client.get(index.url)

    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    for _ in range(4):
        register(event)
    register(event_create(parent=index))
    with CaptureQueriesContext(connection) as many:
        client.get(index.url)

    assert len(many) == len(few)


def test_my_registrations_shows_status_and_waitlist_position(client):
    user = user_create()
    client.force_login(user)
    event = event_create(capacity=0)
    register(event)
    register(event, user)

    content = client.get(reverse("events:my_registrations")).content.decode()

    assert "miejsce 2 na liście rezerwowej" in content


def test_my_registrations_queries_stay_constant(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = user_create()
    client.force_login(user)
    register(event_create(capacity=0), user)
    client.get(reverse("events:my_registrations"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:my_registrations"))
    # Counted now: the next request outside a capture empties the query log.
    few_count = len(few)
    register(event_create(capacity=0), user)
    register(event_create(), user)
    register(event_create(), user)
    # The unread count, renewed by the new notifications, cached again.
    client.get(reverse("events:my_registrations"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("events:my_registrations"))

    assert len(many) == few_count


def test_cancel_from_my_registrations(client):
    user = user_create()
    client.force_login(user)
    registration = register(event_create(), user)

    client.post(reverse("events:registration_cancel", args=[registration.pk]))

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_cannot_cancel_someone_elses_registration(client):
    client.force_login(user_create())
    registration = register(event_create())

    response = client.post(
        reverse("events:registration_cancel", args=[registration.pk])
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_qr_code_is_an_svg_for_the_owner(client):
    user = user_create()
    client.force_login(user)
    registration = register(event_create(), user)

    response = client.get(reverse("events:qr", args=[registration.pk]))

    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_ics_download(client):
    user = user_create()
    client.force_login(user)
    registration = register(event_create(), user)

    response = client.get(reverse("events:registration_ics", args=[registration.pk]))

    assert b"BEGIN:VCALENDAR" in response.content


def test_personal_feed_lists_confirmed_events(client):
    user = user_create()
    client.force_login(user)
    register(event_create(title="Wizyta w Ostrowcu"), user)
    client.post(reverse("events:feed_create"))
    token = user.event_feed.token
    client.logout()

    response = client.get(reverse("events:feed", args=[token]))

    assert "Wizyta w Ostrowcu" in response.content.decode()


def test_new_feed_address_retires_the_old_one(client):
    user = user_create()
    client.force_login(user)
    register(event_create(title="Wizyta w Ostrowcu"), user)
    client.post(reverse("events:feed_create"))
    old_token = user.event_feed.token

    client.post(reverse("events:feed_create"), {"reset": "1"})

    user.event_feed.refresh_from_db()
    new_token = user.event_feed.token
    assert new_token != old_token
    client.logout()
    assert client.get(reverse("events:feed", args=[old_token])).status_code == 404
    response = client.get(reverse("events:feed", args=[new_token]))
    assert "Wizyta w Ostrowcu" in response.content.decode()


def test_feed_leaves_out_places_not_confirmed(client):
    user = user_create()
    client.force_login(user)
    register(event_create(title="Wizyta w Ostrowcu"), user)
    full = event_create(title="Konferencja w Rzeszowie", capacity=0)
    register(full, user)
    client.post(reverse("events:feed_create"))

    response = client.get(reverse("events:feed", args=[user.event_feed.token]))

    content = response.content.decode()
    assert "Wizyta w Ostrowcu" in content
    assert "Konferencja w Rzeszowie" not in content


def test_unknown_feed_token_is_not_found(client):
    assert client.get(reverse("events:feed", args=["nie-ma"])).status_code == 404


def test_registration_for_a_full_event_without_waitlist_shows_message(client):
    user = user_create()
    client.force_login(user)
    event = event_create(capacity=1)
    register(event)

    response = client.post(register_url(event), {"diet": "standard"}, follow=True)

    assert "Brak wolnych miejsc." in response.content.decode()
    assert not Registration.objects.filter(user=user).exists()


def test_registration_beyond_quota_shows_message(client):
    user = user_create(voivodeship="20")
    client.force_login(user)
    event = event_create(capacity=5, quotas={"20": 1})
    register(event, user_create(voivodeship="20"))

    response = client.post(
        register_url(event), {"diet": "standard", "accept_waitlist": "on"}, follow=True
    )

    assert "Limit miejsc dla Twojego województwa" in response.content.decode()
    assert not Registration.objects.filter(user=user).exists()


def test_invalid_registration_form_is_shown_again(client):
    client.force_login(user_create())
    event = event_create()

    response = client.post(register_url(event), {"diet": "kebab"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "field--error" in content
    assert "Wybierz poprawną wartość" in content  # Django's Polish message
    assert event.title in content
    assert not Registration.objects.exists()
