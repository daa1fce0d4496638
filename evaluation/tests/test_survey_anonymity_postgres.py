"""Survey answers cannot be put back in the order people answered, even by
someone who reads the database directly on PostgreSQL: no column of the
answer tables (ids, physical place ``ctid``, writing transaction ``xmin``)
follows the order of the answers, and the answer tables carry no time.

Runs on PostgreSQL only (``DATABASE_URL=postgres://…``)."""

import random

import pytest
from django.db import connection

from .. import services
from ..models import SurveyOpenAnswer, SurveyRespondents, SurveyTally
from ..services import surveys as survey_services
from .factories import EVENT, confirmed, past_event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="ctid and xmin are PostgreSQL's"
    ),
]
PEOPLE = 6


@pytest.fixture
def answered(monkeypatch):
    """Six people answer in turn, each with their own scale value and text.
    The shuffle is seeded so the test is repeatable (production uses the
    system's randomness)."""
    monkeypatch.setattr(survey_services, "_shuffle", random.Random(20).shuffle)
    event = past_event()
    survey = services.survey_ensure(
        actor=None,
        source_kind=EVENT,
        source_id=event.pk,
        event_day_id=event.ordered_days[-1].pk,
    )
    people = [confirmed(event) for _ in range(PEOPLE)]
    order = []
    for turn, person in enumerate(people):
        answers = {
            q["key"]: (turn % 5 + 1 if q["kind"] == "scale" else f"odpowiedź {turn}")
            for q in survey.questions
        }
        services.survey_answer(user=person, survey_id=survey.pk, answers=answers)
        order.append(f"odpowiedź {turn}")
    return survey, people, order


def _rows(table: str, columns: str, survey_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE survey_id = %s",  # noqa: S608
            [survey_id],
        )
        return cursor.fetchall()


def _texts_ordered_by(column: str, survey_id: int) -> list[str]:
    table = SurveyOpenAnswer._meta.db_table
    rows = _rows(table, f"text, question_key, {column}", survey_id)
    # One open question in the default set? Keep the first question's texts.
    key = sorted({r[1] for r in rows})[0]
    ordered = sorted(
        (r for r in rows if r[1] == key),
        key=lambda r: (
            tuple(int(x) for x in str(r[2]).strip("()").split(","))
            if column == "ctid"
            else r[2]
        ),
    )
    return [r[0] for r in ordered]


def test_open_answers_follow_no_column_in_the_answer_order(answered):
    survey, _people, order = answered
    for column in ("id", "ctid"):
        texts = _texts_ordered_by(column, survey.pk)
        assert sorted(texts) == sorted(order)
        assert texts != order, column
        assert texts != order[::-1], column


def test_every_answer_row_was_last_written_by_the_same_transaction(answered):
    survey, _people, _order = answered
    for model in (SurveyOpenAnswer, SurveyTally):
        xmins = {row[0] for row in _rows(model._meta.db_table, "xmin::text", survey.pk)}
        assert len(xmins) == 1, model.__name__


def test_answer_tables_have_no_time_and_no_serial_id(answered):
    for model in (SurveyOpenAnswer, SurveyTally):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = %s",
                [model._meta.db_table],
            )
            types = dict(cursor.fetchall())
        assert not [t for t in types.values() if "time" in t or t == "date"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, 'id')",
            [SurveyOpenAnswer._meta.db_table],
        )
        assert cursor.fetchone()[0] is None


def test_tallies_exist_for_every_value_so_no_row_creation_betrays_a_choice(
    answered,
):
    survey, _people, _order = answered
    scale_keys = {q["key"] for q in survey.questions if q["kind"] == "scale"}
    rows = SurveyTally.objects.filter(survey=survey)
    assert rows.count() == 5 * len(scale_keys)
    assert sum(rows.values_list("count", flat=True)) == PEOPLE * len(scale_keys)


def test_the_receipts_keep_no_order(answered):
    survey, people, _order = answered
    receipts = SurveyRespondents.objects.get(survey=survey)
    assert receipts.user_ids == sorted(p.pk for p in people)
