import datetime
import json

import pytest
import time_machine
from django.db import connection

from monitoring.errors import MonitoringError
from monitoring.models import ParticipantData
from monitoring.services import participant_data_save
from szkola.accounts.models import AuditEntry

from .factories import (
    NIP_VALID_2,
    PESEL_MALE_1944,
    participant_data_create,
    service_data,
    user_create,
)

pytestmark = pytest.mark.django_db


def _refused(user, **overrides) -> dict:
    with pytest.raises(MonitoringError) as caught:
        participant_data_save(user=user, data=service_data(**overrides))
    assert caught.value.code == "invalid"
    assert not ParticipantData.objects.filter(user=user).exists()
    return caught.value.field_errors


def test_saving_derives_birth_date_and_sex_from_pesel_and_audits_field_names():
    user = user_create()
    record = participant_data_save(user=user, data=service_data(pesel=PESEL_MALE_1944))
    assert record.birth_date == "1944-05-14"
    assert record.sex == "M"
    assert record.notice_version == "2021-01"
    entry = AuditEntry.objects.get(action="monitoring.participant.created")
    assert "pesel" in entry.data["fields"]
    assert PESEL_MALE_1944 not in json.dumps(entry.data) + entry.object_repr


def test_wrong_pesel_checksum_is_refused_in_polish():
    errors = _refused(user_create(), pesel="44051401358")
    assert "cyfra kontrolna" in errors["pesel"]


def test_birth_date_contradicting_pesel_is_refused():
    errors = _refused(
        user_create(), pesel=PESEL_MALE_1944, birth_date=datetime.date(1950, 1, 1)
    )
    assert "nie zgadza się z numerem PESEL" in errors["birth_date"]
    assert "1944" in errors["birth_date"]


def test_without_pesel_birth_date_and_sex_are_required():
    errors = _refused(user_create(), pesel="", no_pesel="on")
    assert set(errors) >= {"birth_date", "sex"}


def test_without_pesel_the_birth_date_and_sex_given_are_kept():
    record = participant_data_create(
        pesel="", no_pesel="on", birth_date=datetime.date(1979, 11, 3), sex="M"
    )
    assert (record.pesel, record.no_pesel) == ("", True)
    assert (record.birth_date, record.sex) == ("1979-11-03", "M")


def test_wrong_nip_checksum_is_refused():
    errors = _refused(user_create(), institution_nip="526-025-02-75")
    assert "NIP" in errors["institution_nip"]


def test_nip_with_dashes_and_prefix_is_normalised():
    record = participant_data_create(institution_nip="PL 768-000-24-66")
    assert record.institution_nip == NIP_VALID_2


def test_a_special_question_left_unanswered_is_refused_but_refusal_is_accepted():
    errors = _refused(user_create(), special_disability="")
    assert "odmawiam odpowiedzi" in errors["special_disability"]
    record = participant_data_create(special_disability="refused")
    assert record.special_answers["disability"] == "refused"


def test_without_the_notice_nothing_is_saved():
    errors = _refused(user_create(), notice_accepted="")
    assert "Europejskiego Funduszu Społecznego" in errors["notice_accepted"]


def test_sensitive_fields_are_not_plaintext_in_the_database():
    record = participant_data_create(
        pesel=PESEL_MALE_1944, phone="600 100 200", special_disability="yes"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pesel, birth_date, phone, street, special_situations "
            "FROM monitoring_participantdata WHERE id = %s",
            [record.pk],
        )
        raw = cursor.fetchone()
    joined = " ".join(raw)
    for plain in (
        PESEL_MALE_1944,
        "1944-05-14",
        "600100200",
        "Dominikańska",
        "disability",
    ):
        assert plain not in joined
    assert all(value.startswith("gAAAA") for value in raw)  # Fernet tokens
    reloaded = ParticipantData.objects.get(pk=record.pk)
    assert reloaded.pesel == PESEL_MALE_1944
    assert reloaded.special_answers["disability"] == "yes"


@time_machine.travel(datetime.datetime(2021, 3, 27, 23, 30, tzinfo=datetime.UTC))
def test_a_correction_updates_the_one_record():
    user = user_create()
    participant_data_create(user=user)
    participant_data_save(user=user, data=service_data(phone="601 200 300"))
    assert ParticipantData.objects.filter(user=user).count() == 1
    assert ParticipantData.objects.get(user=user).phone == "601200300"
    assert AuditEntry.objects.filter(action="monitoring.participant.updated").exists()
