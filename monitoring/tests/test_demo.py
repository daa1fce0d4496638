"""The demo gives the past demo participants real-looking EFS data."""

import io

import pytest

from monitoring import demo as monitoring_demo
from monitoring.exports import sl2014_workbook
from monitoring.models import ParticipantData
from monitoring.rules import nip_checksum_ok, pesel_checksum_ok
from monitoring.selectors import records_for_export
from szkola.home.models import HomePage
from szkola.home.tests.seeding import demo_seed, kept_data

pytestmark = pytest.mark.django_db

demo = kept_data(demo_seed)


def test_demo_data_has_a_refusal_a_person_without_pesel_and_exports(demo):
    home = HomePage.objects.get()
    records = list(ParticipantData.objects.all())
    assert len(records) >= 10
    assert sum(r.no_pesel for r in records) == 1
    assert sum("refused" in r.special_answers.values() for r in records) == 1
    assert all(pesel_checksum_ok(r.pesel) for r in records if not r.no_pesel)
    assert all(nip_checksum_ok(r.institution_nip) for r in records)
    exported = records_for_export(user=None)
    assert len(exported) == len(records)  # every one has had support
    assert sl2014_workbook(exported)[:2] == b"PK"

    ended = [r for r in records if r.ended_on]
    assert len(ended) >= 2
    # The situation after leaving is filled in for the export; at most the
    # first person is left to see the prompt on /moje/.
    assert sum(not r.situation_after for r in ended) <= 1

    monitoring_demo.seed(home=home, stdout=io.StringIO())  # again: nothing new
    assert ParticipantData.objects.count() == len(records)
