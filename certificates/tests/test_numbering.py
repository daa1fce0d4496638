"""The register's numbers: reserved for a bulk-issue chunk at once, given
back when not used, and taken back first by the next issue of the year."""

import pytest
from django.db import transaction

from certificates.models import BulkIssue, BulkIssueChunk, NumberCounter, ReservedNumber
from certificates.services import (
    number_take,
    numbers_give_back,
    numbers_reserve,
)

from .factories import certificate_create, completion_create

pytestmark = pytest.mark.django_db

YEAR = 2021


def chunk_create() -> BulkIssueChunk:
    run = BulkIssue.objects.create(source_kind="event", source_id=1, source_title="x")
    index = BulkIssueChunk.objects.filter(bulk=run).count()
    return BulkIssueChunk.objects.create(bulk=run, index=index)


def pool(year: int = YEAR) -> list[int]:
    return list(
        ReservedNumber.objects.filter(year=year, chunk__isnull=True)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )


def counter(year: int = YEAR) -> int:
    return NumberCounter.objects.get(year=year).last


def reserve(chunk, count: int) -> dict:
    completions = [completion_create() for _ in range(count)]
    return numbers_reserve(
        chunk_id=chunk.pk, year=YEAR, completion_ids=[c.pk for c in completions]
    )


def test_a_reservation_holds_one_new_number_for_each_completion():
    chunk = chunk_create()
    reserved = reserve(chunk, 3)
    assert sorted(row.sequence for row in reserved.values()) == [1, 2, 3]
    assert counter() == 3
    assert set(ReservedNumber.objects.values_list("completion_id", flat=True)) == set(
        reserved
    )
    assert {row.chunk_id for row in ReservedNumber.objects.all()} == {chunk.pk}


def test_numbers_given_back_are_reserved_again_first_lowest_first():
    first, second = chunk_create(), chunk_create()
    reserved = reserve(first, 4)
    reserve(second, 1)  # 5: the give-back below is not at the top
    numbers_give_back(chunk_id=first.pk, year=YEAR, sequences=[2, 3])
    assert pool() == [2, 3]
    assert counter() == 5

    again = reserve(second, 3)
    assert sorted(row.sequence for row in again.values()) == [2, 3, 6]
    assert pool() == []
    assert counter() == 6
    assert len(reserved) == 4


def test_number_take_takes_the_lowest_number_given_back_first():
    chunk = chunk_create()
    reserve(chunk, 5)
    numbers_give_back(chunk_id=chunk.pk, year=YEAR, sequences=[4, 2])
    with transaction.atomic():
        assert number_take(year=YEAR) == 2
        assert number_take(year=YEAR) == 4
        assert number_take(year=YEAR) == 6
    assert pool() == []


def test_a_number_taken_from_the_pool_returns_to_it_on_rollback():
    chunk = chunk_create()
    reserve(chunk, 3)
    numbers_give_back(chunk_id=chunk.pk, year=YEAR, sequences=[1])
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_take(year=YEAR) == 1
        raise RuntimeError("the issue failed")
    assert pool() == [1]


def test_numbers_given_back_at_the_top_lower_the_counter():
    chunk = chunk_create()
    reserve(chunk, 5)
    numbers_give_back(chunk_id=chunk.pk, year=YEAR, sequences=[2])
    numbers_give_back(chunk_id=chunk.pk, year=YEAR, sequences=[4, 5])
    # 4 and 5 were the top: the counter goes back to 3; 2 waits in the pool.
    assert counter() == 3
    assert pool() == [2]
    numbers_give_back(chunk_id=chunk.pk, year=YEAR, sequences=[3])
    assert counter() == 1  # 3 and then 2 were the top
    assert pool() == []


def test_only_numbers_the_chunk_still_holds_are_given_back():
    mine, other = chunk_create(), chunk_create()
    reserve(mine, 2)
    reserve(other, 2)  # 3, 4
    given = numbers_give_back(chunk_id=mine.pk, year=YEAR, sequences=[1, 3])
    assert given == 1
    assert pool() == [1]
    assert ReservedNumber.objects.get(sequence=3).chunk_id == other.pk


def test_a_single_issue_takes_a_number_given_back_by_a_chunk():
    chunk = chunk_create()
    year = certificate_create().year  # 1, by a single issue
    completions = [completion_create() for _ in range(3)]
    numbers_reserve(
        chunk_id=chunk.pk, year=year, completion_ids=[c.pk for c in completions]
    )  # 2, 3, 4
    numbers_give_back(chunk_id=chunk.pk, year=year, sequences=[3])
    assert certificate_create().sequence == 3
    assert pool(year) == []
