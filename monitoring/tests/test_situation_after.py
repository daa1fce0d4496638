"""The situation after leaving the project (SL2014): asked once
participation ends, prompted on /moje/ until given, exported in its column;
and the prompt on /moje/ when the participant data is missing or incomplete."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import ParticipantData

from .factories import (
    participant_data_create,
    participant_form_data,
    participation_ended,
    user_create,
)

pytestmark = pytest.mark.django_db
FORM = "/moje/dane-uczestnika/"
COLUMN = "Sytuacja osoby w momencie zakończenia udziału w projekcie"


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_links_to_the_form_when_nothing_was_given(client):
    text = _dashboard(client, user_create())
    assert "Podaj dane uczestnika" in text
    assert f'href="{FORM}"' in text


def test_dashboard_says_nothing_when_the_data_is_complete(client):
    record = participant_data_create()
    text = _dashboard(client, record.user)
    assert "Dane uczestnika projektu (EFS)" not in text


def test_dashboard_links_to_the_form_when_an_answer_is_missing(client):
    record = participant_data_create()
    answers = record.special_answers
    answers.pop("disability")
    record.special_situations = json.dumps(answers)
    record.save()
    text = _dashboard(client, record.user)
    assert "Uzupełnij dane uczestnika" in text
    assert f'href="{FORM}"' in text


def test_after_participation_ends_the_situation_is_asked_then_saved(client):
    record = participation_ended(participant_data_create())
    text = _dashboard(client, record.user)
    assert "Uzupełnij sytuację po zakończeniu udziału" in text
    assert f'href="{FORM}#id_situation_after"' in text
    page = client.get(FORM).content.decode()
    assert 'name="situation_after"' in page

    response = client.post(FORM, participant_form_data(situation_after="employed"))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.situation_after == "employed"
    assert "Dane uczestnika projektu (EFS)" not in _dashboard(client, record.user)


def test_the_situation_is_not_asked_while_participation_lasts(client):
    record = participant_data_create()
    client.force_login(record.user)
    assert 'name="situation_after"' not in client.get(FORM).content.decode()


def test_an_unknown_situation_is_refused_and_nothing_changes(client):
    record = participation_ended(participant_data_create())
    client.force_login(record.user)
    response = client.post(FORM, participant_form_data(situation_after="rich"))
    assert response.status_code == 200
    assert "Nic nie zostało zapisane" in response.content.decode()
    record.refresh_from_db()
    assert record.situation_after == ""


def _exported(tmp_path):
    out = tmp_path / "sl2014.xlsx"
    call_command("monitoring_export", "--format", "sl2014", "--out", str(out))
    headings, *rows = load_workbook(out)["Uczestnicy"].iter_rows(values_only=True)
    return [dict(zip(headings, row, strict=True)) for row in rows]


def test_the_export_fills_the_sl2014_column(tmp_path):
    record = participation_ended(participant_data_create(user=user_create()))
    ParticipantData.objects.filter(pk=record.pk).update(situation_after="education")
    [row] = _exported(tmp_path)
    assert row[COLUMN] == (
        "Osoba podejmująca kształcenie lub szkolenie po opuszczeniu programu"
    )


def test_the_export_leaves_it_empty_while_participation_lasts(tmp_path):
    record = participant_data_create(user=user_create())
    ParticipantData.objects.filter(pk=record.pk).update(
        started_on=datetime.date(2021, 2, 15), situation_after="employed"
    )
    [row] = _exported(tmp_path)
    assert not row[COLUMN]


def test_a_coordinator_records_what_the_person_reported_with_audit():
    from szkola.accounts.models import AuditEntry

    from ..services import participant_situation_after_set
    from .factories import coordinator_create

    record = participation_ended(participant_data_create(voivodeship="20"))
    coordinator = coordinator_create(scope="20")

    participant_situation_after_set(
        user=record.user, situation="qualification", actor=coordinator
    )

    record.refresh_from_db()
    assert record.situation_after == "qualification"
    assert AuditEntry.objects.filter(
        action="monitoring.participant.situation_after", actor=coordinator
    ).exists()


@pytest.mark.parametrize(
    ("ended", "situation", "scope", "code"),
    [
        (False, "employed", "20", "not_ended"),
        (True, "rich", "20", "invalid"),
        (True, "employed", "06", "scope"),
    ],
)
def test_the_situation_is_refused_and_nothing_changes(ended, situation, scope, code):
    from ..errors import MonitoringError
    from ..services import participant_situation_after_set
    from .factories import coordinator_create

    record = participant_data_create(voivodeship="20")
    if ended:
        record = participation_ended(record)
    with pytest.raises(MonitoringError) as error:
        participant_situation_after_set(
            user=record.user,
            situation=situation,
            actor=coordinator_create(scope=scope),
        )
    assert error.value.code == code
    assert error.value.message
    record.refresh_from_db()
    assert record.situation_after == ""
