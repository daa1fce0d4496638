"""The register check tells numbers issued, numbers set aside (reserved by
a bulk issue, or given back) and real gaps apart."""

import pytest

from certificates.models import BulkIssue, BulkIssueChunk, NumberCounter, ReservedNumber
from certificates.register_check import register_check
from certificates.services import numbers_give_back, numbers_reserve

from .factories import certificate_create, completion_create

pytestmark = pytest.mark.django_db


def test_reserved_and_given_back_numbers_are_listed_apart_not_as_issued_or_gaps():
    year = certificate_create().year  # 1
    run = BulkIssue.objects.create(source_kind="event", source_id=1, source_title="x")
    chunk = BulkIssueChunk.objects.create(bulk=run, index=0)
    completions = [completion_create() for _ in range(3)]
    numbers_reserve(
        chunk_id=chunk.pk, year=year, completion_ids=[c.pk for c in completions]
    )  # 2, 3, 4
    numbers_give_back(chunk_id=chunk.pk, year=year, sequences=[2])
    certificate_create()  # 2 again, from the pool
    numbers_give_back(chunk_id=chunk.pk, year=year, sequences=[3])
    report = register_check(credentials=False)
    assert report.ok, report.problems
    assert report.certificates == 2
    assert report.reserved == {year: [4]}
    assert report.returned == {year: [3]}


def test_a_number_neither_issued_nor_set_aside_is_a_gap():
    certificate = certificate_create()
    NumberCounter.objects.filter(year=certificate.year).update(last=3)
    ReservedNumber.objects.create(year=certificate.year, sequence=3)
    report = register_check(credentials=False)
    assert report.problems == [f"{certificate.year}: brak numerów 2"]


def test_a_number_issued_and_still_reserved_is_a_problem():
    certificate = certificate_create()
    ReservedNumber.objects.create(year=certificate.year, sequence=certificate.sequence)
    report = register_check(credentials=False)
    assert report.problems == [
        f"{certificate.year}: numery wydane i wciąż zarezerwowane 1"
    ]
