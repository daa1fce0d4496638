"""The participant's form and the step before the first registration."""

import pytest
from django.urls import reverse

from events.models import Registration
from events.tests.factories import event_create
from events.tests.factories import user_create as participant_create
from monitoring.models import ParticipantData
from monitoring.rules import SPECIAL_SITUATION_KEYS
from szkola.accounts.models import AuditEntry

from .factories import PESEL_MALE_1944, participant_form_data, user_create

pytestmark = pytest.mark.django_db
URL = "/moje/dane-uczestnika/"


@pytest.fixture
def gate_on(settings):
    settings.MONITORING_PARTICIPANT_DATA_REQUIRED = True


def test_the_form_states_legal_basis_purpose_and_the_notice_version(client):
    client.force_login(user_create())
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "art. 6 ust. 1 lit. c" in text
    assert "SL2014" in text
    assert "Wersja informacji: 2021-01" in text
    assert text.count("odmawiam odpowiedzi") >= len(SPECIAL_SITUATION_KEYS)


def test_a_wrong_pesel_shows_a_polish_message_and_saves_nothing(client):
    user = user_create()
    client.force_login(user)
    response = client.post(URL, participant_form_data(pesel="44051401358"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "nie zgadza się cyfra kontrolna" in text
    assert "Nic nie zostało zapisane" in text
    assert not ParticipantData.objects.filter(user=user).exists()
    assert not AuditEntry.objects.filter(action__startswith="monitoring.").exists()


def test_birth_date_against_pesel_and_a_wrong_nip_are_both_reported(client):
    user = user_create()
    client.force_login(user)
    response = client.post(
        URL,
        participant_form_data(
            pesel=PESEL_MALE_1944, birth_date="1950-01-01", institution_nip="5260250275"
        ),
    )
    text = response.content.decode()
    assert "Data urodzenia nie zgadza się z numerem PESEL" in text
    assert "Ten numer NIP jest niepoprawny" in text
    assert not ParticipantData.objects.filter(user=user).exists()


def test_refusing_the_notice_explains_why_the_data_are_needed(client):
    user = user_create()
    client.force_login(user)
    response = client.post(URL, participant_form_data(notice_accepted=None))
    assert "warunkiem udziału" in response.content.decode()
    assert not ParticipantData.objects.filter(user=user).exists()


def test_a_valid_form_is_saved_and_returns_to_next(client):
    user = user_create()
    client.force_login(user)
    response = client.post(
        URL,
        {**participant_form_data(special_minority="refused"), "next": "/szkolenia/x/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/szkolenia/x/"
    record = ParticipantData.objects.get(user=user)
    assert record.special_answers["minority"] == "refused"


def test_next_to_another_site_is_ignored(client):
    client.force_login(user_create())
    response = client.post(
        URL, {**participant_form_data(), "next": "https://example.com/"}
    )
    assert response["Location"] == reverse("accounts:dashboard")


def test_first_registration_asks_for_the_data_then_registers(client, gate_on):
    event = event_create()
    user = participant_create()  # a complete profile, as registering needs
    client.force_login(user)
    response = client.post(
        reverse("events:register", args=[event.pk]), {"diet": "standard"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(URL + "?next=")
    assert not Registration.objects.filter(user=user).exists()

    client.post(URL, {**participant_form_data(), "next": event.url})
    client.post(reverse("events:register", args=[event.pk]), {"diet": "standard"})
    assert Registration.objects.filter(user=user, event=event).exists()


def test_course_enrolment_asks_for_the_data_first(client, gate_on):
    from courses.models import Enrolment
    from courses.tests.factories import course_create

    course = course_create()
    user = user_create()
    client.force_login(user)
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response["Location"].startswith(URL)
    assert not Enrolment.objects.filter(user=user).exists()


def test_the_own_export_includes_the_own_participant_data(client):
    user = user_create()
    client.force_login(user)
    client.post(URL, participant_form_data())
    data = client.get(reverse("accounts:export")).json()
    assert data["efs_participant_data"]["pesel"] == "85010112345"
    assert data["efs_participant_data"]["institution"]["nip"] == "5260250274"
