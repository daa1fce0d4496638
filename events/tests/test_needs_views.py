"""The participant's pages about their needs: the change page, the link on
"Moje zapisy", and the registration form filled in from the last answers;
and the titles of the check-in pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ..models import EventPage, Registration
from ..services import registration_cancel
from .factories import (
    coordinator_create,
    event_create,
    register,
    staff_login,
    user_create,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _event(title="Szkolenie: współpraca w gminie"):
    return event_create(
        title=title,
        days=2,
        first_day=timezone.localdate() + datetime.timedelta(days=30),
    )


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _close_registration(event):
    EventPage.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_change_page_shows_the_current_answers(client):
    event = _event()
    night = event.date_from.isoformat()
    registration = register(
        event, nights=[night], diet="vegetarian", accessibility_needs="pętla"
    )
    client.force_login(registration.user)

    response = client.get(reverse("events:registration_needs", args=[registration.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Zmiana odpowiedzi" in _title(html)
    assert re.search(rf'value="{night}"[^>]*checked', html)
    assert re.search(r'<option value="vegetarian" selected>', html)
    assert "pętla</textarea>" in html
    # Changing needs never touches the place: no waiting-list question.
    assert 'name="accept_waitlist"' not in html


def test_posting_the_change_saves_it_and_the_list_shows_it(client):
    event = _event()
    registration = register(event, diet="standard")
    client.force_login(registration.user)

    response = client.post(
        reverse("events:registration_needs", args=[registration.pk]),
        {
            "nights": [event.date_from.isoformat()],
            "meals": "on",
            "diet": "gluten_free",
            "diet_notes": "bez orzechów",
            "accessibility_needs": "miejsce dla wózka",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Zapisaliśmy zmiany" in html
    assert "bezglutenowa (bez orzechów)" in html
    assert "miejsce dla wózka" in html
    registration.refresh_from_db()
    assert registration.diet == "gluten_free"
    assert registration.nights == [event.date_from.isoformat()]
    assert registration.status == Status.CONFIRMED


def test_a_night_not_offered_is_refused_by_the_registration_rules(client):
    event = _event()
    registration = register(event)
    client.force_login(registration.user)

    response = client.post(
        reverse("events:registration_needs", args=[registration.pk]),
        {"nights": [event.date_to.isoformat()], "diet": "vegan"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Błędy w formularzu" in _title(html)
    registration.refresh_from_db()
    assert (registration.nights, registration.diet) == ([], "standard")


def test_someone_elses_registration_is_not_found(client):
    registration = register(_event())
    url = reverse("events:registration_needs", args=[registration.pk])
    client.force_login(user_create())

    assert client.get(url).status_code == 404
    assert client.post(url, {"diet": "vegan"}).status_code == 404
    registration.refresh_from_db()
    assert registration.diet == "standard"


def test_a_coordinator_cannot_use_the_participant_page(client):
    registration = register(_event())
    staff_login(client, coordinator_create(scope="18"))

    response = client.post(
        reverse("events:registration_needs", args=[registration.pk]),
        {"diet": "vegan"},
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.diet == "standard"


def test_after_registration_closes_the_change_is_refused_with_a_reason(client):
    event = _event()
    registration = register(event)
    _close_registration(event)
    client.force_login(registration.user)
    url = reverse("events:registration_needs", args=[registration.pk])

    response = client.post(url, {"diet": "vegan"}, follow=True)

    assert "Zapisy na to wydarzenie są już zamknięte" in response.content.decode()
    registration.refresh_from_db()
    assert registration.diet == "standard"
    assert "Zapisy na to wydarzenie są już zamknięte" in (
        client.get(url, follow=True).content.decode()
    )


def test_a_cancelled_registration_cannot_be_changed(client):
    registration = register(_event())
    registration_cancel(registration=registration, actor=registration.user)
    client.force_login(registration.user)

    response = client.post(
        reverse("events:registration_needs", args=[registration.pk]),
        {"diet": "vegan"},
        follow=True,
    )

    assert "nie jest już aktywne" in response.content.decode()
    registration.refresh_from_db()
    assert registration.diet == "standard"


def test_my_registrations_links_the_change_only_while_it_is_possible(client):
    open_event, closed_event = _event("Otwarte szkolenie"), _event("Zamknięte")
    user = user_create()
    open_registration = register(open_event, user)
    closed_registration = register(closed_event, user)
    _close_registration(closed_event)
    client.force_login(user)

    html = client.get(reverse("events:my_registrations")).content.decode()

    assert reverse("events:registration_needs", args=[open_registration.pk]) in html
    assert (
        reverse("events:registration_needs", args=[closed_registration.pk]) not in html
    )


def test_my_registrations_show_no_meals_when_none_were_asked_for(client):
    registration = register(_event(), meals=False)
    client.force_login(registration.user)

    html = client.get(reverse("events:my_registrations")).content.decode()

    assert re.search(r"<dt>Wyżywienie</dt>\s*<dd>nie</dd>", html)
    assert "bez noclegu" in html


def test_my_registrations_queries_stay_constant(client):
    user = user_create()
    client.force_login(user)
    register(_event(), user)
    client.get(reverse("events:my_registrations"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:my_registrations"))
    # Counted now: the next request outside a capture empties the query log.
    few_count = len(few)
    for _ in range(3):
        register(_event(), user)
    # The unread count, renewed by the new notifications, cached again.
    client.get(reverse("events:my_registrations"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("events:my_registrations"))

    assert len(many) == few_count


def test_registering_again_after_cancelling_starts_from_the_last_answers(client):
    event = _event()
    night = event.date_from.isoformat()
    registration = register(
        event,
        nights=[night],
        diet="vegan",
        diet_notes="bez soi",
        accessibility_needs="tłumacz PJM",
    )
    registration_cancel(registration=registration, actor=registration.user)
    client.force_login(registration.user)

    html = client.get(event.url).content.decode()

    assert "anulowanego zgłoszenia na to wydarzenie" in html
    assert re.search(rf'value="{night}"[^>]*checked', html)
    assert re.search(r'<option value="vegan" selected>', html)
    assert 'value="bez soi"' in html
    assert "tłumacz PJM</textarea>" in html


def test_a_new_event_starts_from_the_last_answers_but_not_its_nights(client):
    earlier = _event("Wizyta studyjna w Kielcach")
    user = user_create()
    register(
        earlier,
        user,
        nights=[earlier.date_from.isoformat()],
        diet="lactose_free",
        accessibility_needs="pętla indukcyjna",
    )
    event = event_create(
        title="Konferencja w Lublinie",
        first_day=timezone.localdate() + datetime.timedelta(days=40),
    )
    client.force_login(user)

    html = client.get(event.url).content.decode()

    assert "Wypełniliśmy formularz odpowiedziami z Twojego ostatniego" in html
    assert "Wizyta studyjna w Kielcach" in html
    assert "Noclegi wybierz na nowo" in html
    assert re.search(r'<option value="lactose_free" selected>', html)
    assert "pętla indukcyjna</textarea>" in html
    assert not re.search(r'name="nights"[^>]*checked', html)


def test_a_first_registration_form_says_nothing_about_earlier_answers(client):
    event = _event()
    client.force_login(user_create())

    html = client.get(event.url).content.decode()

    assert "data-prefilled" not in html
    assert re.search(r'<option value="standard" selected>', html)


def test_the_check_in_page_title_carries_the_day(client):
    event = event_create(first_day=timezone.localdate(), closes_in_days=1)
    staff_login(client, coordinator_create(scope="18"))
    first, second = event.days.order_by("date")

    titles = {
        day.pk: _title(
            client.get(reverse("events:checkin_day", args=[day.pk])).content.decode()
        )
        for day in (first, second)
    }

    assert date_format(first.date, "j E Y") in titles[first.pk]
    assert date_format(second.date, "j E Y") in titles[second.pk]
    assert titles[first.pk] != titles[second.pk]


def test_the_most_recent_registration_gives_the_answers(client):
    user = user_create()
    older, newer = _event("Starsze szkolenie"), _event("Nowsze szkolenie")
    register(older, user, diet="vegan")
    registration = register(newer, user, diet="gluten_free")
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    event = _event("Kolejne szkolenie")
    client.force_login(user)

    html = client.get(event.url).content.decode()

    assert "Nowsze szkolenie" in html
    assert re.search(r'<option value="gluten_free" selected>', html)
