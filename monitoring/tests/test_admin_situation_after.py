"""A coordinator records a participant's situation after leaving from the
participant's admin page: in scope only, validated, audited."""

import pytest
from django.urls import reverse

from szkola.accounts.models import AuditEntry

from .factories import (
    coordinator_create,
    mark_session_mfa,
    participant_data_create,
    participation_ended,
)

pytestmark = pytest.mark.django_db


def _signed_in(client, scope="20"):
    coordinator = coordinator_create(scope=scope)
    client.force_login(coordinator)
    mark_session_mfa(client, coordinator)
    return coordinator


def _url(record):
    return reverse("monitoring_admin:participant", args=[record.pk])


def test_the_page_offers_the_choices_once_participationparticipation_ended(client):
    record = participation_ended(participant_data_create(voivodeship="20"))
    _signed_in(client)
    text = client.get(_url(record)).content.decode()
    assert 'name="situation"' in text
    assert 'value="qualification"' in text


def test_no_form_while_participation_lasts(client):
    record = participant_data_create(voivodeship="20")
    _signed_in(client)
    assert 'name="situation"' not in client.get(_url(record)).content.decode()


def test_coordinator_in_scope_records_it_and_it_is_audited(client):
    record = participation_ended(participant_data_create(voivodeship="20"))
    coordinator = _signed_in(client)
    response = client.post(_url(record), {"situation": "qualification"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.situation_after == "qualification"
    entry = AuditEntry.objects.get(action="monitoring.participant.situation_after")
    assert entry.actor == coordinator
    assert entry.data["situation_after"] == "qualification"


def test_a_value_off_the_list_is_refused_in_polish(client):
    record = participation_ended(participant_data_create(voivodeship="20"))
    _signed_in(client)
    response = client.post(_url(record), {"situation": "millionaire"})
    assert response.status_code == 400
    assert "Wybierz sytuację uczestnika z listy." in response.content.decode()
    record.refresh_from_db()
    assert record.situation_after == ""
    assert not AuditEntry.objects.filter(
        action="monitoring.participant.situation_after"
    ).exists()


def test_refused_while_participation_lasts(client):
    record = participant_data_create(voivodeship="20")
    _signed_in(client)
    response = client.post(_url(record), {"situation": "employed"})
    assert response.status_code == 400
    assert "Udział w projekcie jeszcze trwa" in response.content.decode()
    record.refresh_from_db()
    assert record.situation_after == ""


def test_another_voivodeships_participant_is_refused(client):
    record = participation_ended(participant_data_create(voivodeship="06"))
    _signed_in(client, scope="20")
    response = client.post(_url(record), {"situation": "employed"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.situation_after == ""
    assert not AuditEntry.objects.filter(
        action="monitoring.participant.situation_after"
    ).exists()
