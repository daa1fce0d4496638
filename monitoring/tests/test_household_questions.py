"""The household questions left the participant data set: they are not
asked, and the answers given earlier are erased."""

import importlib
import json

import pytest
from django.apps import apps

from ..forms import ParticipantDataForm
from ..models import ParticipantData
from ..rules import HOUSEHOLD_KEYS, SPECIAL_SITUATION_KEYS
from .factories import participant_data_create

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "monitoring.migrations.0003_household_answers_erased"
)


def test_the_form_does_not_ask_the_household_questions():
    fields = set(ParticipantDataForm().fields)

    assert not {f"special_{key}" for key in HOUSEHOLD_KEYS} & fields
    assert {f"special_{key}" for key in SPECIAL_SITUATION_KEYS} <= fields


def test_answers_given_earlier_are_erased_and_the_others_kept():
    record = participant_data_create()
    answers = {**record.special_answers, **dict.fromkeys(HOUSEHOLD_KEYS, "yes")}
    # Written through the field, encrypted as the form once stored it.
    ParticipantData.objects.filter(pk=record.pk).update(
        special_situations=json.dumps(answers)
    )
    record.refresh_from_db()
    assert set(HOUSEHOLD_KEYS) <= set(record.special_answers)

    migration.household_answers_erase(apps, None)

    record.refresh_from_db()
    assert set(record.special_answers) == set(SPECIAL_SITUATION_KEYS)
    assert not set(record.special_answers) & set(HOUSEHOLD_KEYS)
