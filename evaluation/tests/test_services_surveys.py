import datetime

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.utils import timezone

from szkola.accounts.models import AuditEntry, User
from szkola.live.models import Notification

from .. import selectors, services
from ..errors import EvaluationError
from ..models import (
    Survey,
    SurveyOpenAnswer,
    SurveyRespondents,
    SurveyTally,
)
from .factories import (
    COURSE,
    EVENT,
    confirmed,
    coordinator_create,
    course_create,
    enrolled,
    event_create,
    past_event,
)

pytestmark = pytest.mark.django_db


def _answers(survey, value=4, text="Dobre ćwiczenia"):
    return {
        q["key"]: (value if q["kind"] == "scale" else text) for q in survey.questions
    }


def _event_survey(**kwargs):
    event = past_event(**kwargs)
    survey = services.survey_ensure(
        actor=None,
        source_kind=EVENT,
        source_id=event.pk,
        event_day_id=event.ordered_days[-1].pk,
    )
    return event, survey


def test_default_set_is_polish_efs_questions():
    _event, survey = _event_survey()
    kinds = [q["kind"] for q in survey.questions]
    assert kinds.count("scale") >= 5 and "open" in kinds
    assert survey.questions[0]["text"] == "Jak oceniasz zajęcia ogólnie?"


def test_answer_once_second_time_refused_nothing_changes():
    event, survey = _event_survey()
    person = confirmed(event)
    services.survey_answer(user=person, survey_id=survey.pk, answers=_answers(survey))
    before = list(SurveyTally.objects.values_list("question_key", "value", "count"))
    with pytest.raises(EvaluationError) as error:
        services.survey_answer(
            user=person, survey_id=survey.pk, answers=_answers(survey, value=1)
        )
    assert error.value.code == "already_answered"
    assert "już przez Ciebie wypełniona" in error.value.message
    after = list(SurveyTally.objects.values_list("question_key", "value", "count"))
    assert before == after
    assert SurveyOpenAnswer.objects.count() == 2


def test_scale_out_of_range_refused():
    event, survey = _event_survey()
    person = confirmed(event)
    with pytest.raises(EvaluationError) as error:
        services.survey_answer(
            user=person, survey_id=survey.pk, answers=_answers(survey, value=6)
        )
    assert error.value.code == "invalid_survey"
    assert not SurveyTally.objects.exists()
    assert selectors.survey_respondent_ids(survey=survey) == []


def test_survey_of_a_future_day_is_closed():
    event = event_create()
    survey = services.survey_ensure(
        actor=None,
        source_kind=EVENT,
        source_id=event.pk,
        event_day_id=event.ordered_days[0].pk,
    )
    with pytest.raises(EvaluationError) as error:
        services.survey_answer(
            user=confirmed(event), survey_id=survey.pk, answers=_answers(survey)
        )
    assert error.value.code == "survey_closed"


def test_no_join_leads_from_an_answer_back_to_a_person():
    """Anonymity against someone with the raw tables: the answer tables have
    no column pointing at a person, a time or a response, nothing points at
    them from the respondents' list, no audit entry or notification is
    written, and the ids do not follow the order people answered in."""
    event, survey = _event_survey()
    people = [confirmed(event) for _ in range(12)]
    notifications = Notification.objects.count()
    audits = AuditEntry.objects.count()
    for i, person in enumerate(people):
        services.survey_answer(
            user=person,
            survey_id=survey.pk,
            answers=_answers(survey, value=1 + i % 5, text=f"odpowiedź {i:02d}"),
        )
    user_table = User._meta.db_table
    for model in (SurveyTally, SurveyOpenAnswer):
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            assert target in (None, Survey), (model, field)
            assert not field.name.endswith(("_at", "user", "time", "created"))
        # No foreign key in the database either.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(
                cursor, model._meta.db_table
            )
        for c in constraints.values():
            if c.get("foreign_key"):
                assert c["foreign_key"][0] == Survey._meta.db_table
                assert c["foreign_key"][0] != user_table
    # Nothing anywhere points at an answer row.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.many_to_one and not field.auto_created:
                assert field.related_model not in (SurveyTally, SurveyOpenAnswer)
    # The respondents' list is sorted by id, not by the order of answering.
    ids = SurveyRespondents.objects.get(survey=survey).user_ids
    assert ids == sorted(p.pk for p in people)
    # Open answers: primary keys random, so neither id order nor the storage
    # order (SQLite keeps rows by primary key) follows the answering order.
    rows = list(
        SurveyOpenAnswer.objects.filter(question_key="q8").values_list("id", "text")
    )
    in_id_order = [text for _id, text in sorted(rows)]
    assert in_id_order != [f"odpowiedź {i:02d}" for i in range(12)]
    assert all(pk > 10**6 for pk, _t in rows)
    assert AuditEntry.objects.count() == audits
    assert Notification.objects.count() == notifications


def test_response_rate_and_reminders_for_those_who_did_not_answer():
    coordinator = coordinator_create(scope="18")
    event, survey = _event_survey(organiser="18")
    answered, waiting = confirmed(event), confirmed(event)
    services.survey_answer(user=answered, survey_id=survey.pk, answers=_answers(survey))
    source = services.source_require(source_kind=EVENT, source_id=event.pk)
    assert selectors.survey_response_rate(survey=survey, source=source) == {
        "answered": 1,
        "eligible": 2,
        "percent": 50,
    }
    assert services.survey_remind(actor=coordinator, survey_id=survey.pk) == 1
    assert Notification.objects.filter(user=waiting).count() == 1
    assert not Notification.objects.filter(user=answered).exists()
    with pytest.raises(EvaluationError) as error:
        services.survey_remind(
            actor=coordinator_create(scope="06"), survey_id=survey.pk
        )
    assert error.value.code == "not_allowed"


def test_questions_editable_until_first_answer():
    coordinator = coordinator_create(scope="18")
    event, survey = _event_survey(organiser="18")
    services.survey_questions_update(
        actor=coordinator,
        survey_id=survey.pk,
        questions=[
            {"kind": "scale", "text": "Jak oceniasz wizytę studyjną?"},
            {"kind": "open", "text": "Uwagi"},
        ],
    )
    survey.refresh_from_db()
    services.survey_answer(
        user=confirmed(event), survey_id=survey.pk, answers=_answers(survey)
    )
    with pytest.raises(EvaluationError) as error:
        services.survey_questions_update(
            actor=coordinator,
            survey_id=survey.pk,
            questions=[{"kind": "scale", "text": "Inne"}],
        )
    assert error.value.code == "survey_has_answers"


def test_course_survey_opens_after_lessons():
    course = course_create(organiser="18")
    survey = services.survey_ensure(actor=None, source_kind=COURSE, source_id=course.pk)
    with pytest.raises(EvaluationError) as error:
        services.survey_answer(
            user=enrolled(course), survey_id=survey.pk, answers=_answers(survey)
        )
    assert error.value.code == "survey_closed"


@pytest.mark.parametrize(
    "frozen",
    [
        datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 7, 30, tzinfo=datetime.UTC),  # DST day
    ],
)
def test_day_survey_opens_when_the_day_starts_at_any_hour(frozen):
    with time_machine.travel(frozen - datetime.timedelta(days=40), tick=False):
        event = event_create(first_day=datetime.date(2026, 3, 29), days=1)
        person = confirmed(event)
        survey = services.survey_ensure(
            actor=None,
            source_kind=EVENT,
            source_id=event.pk,
            event_day_id=event.ordered_days[0].pk,
        )
    with time_machine.travel(frozen, tick=False):
        # 23:30 UTC on the 28th is 00:30 on the 29th in Warsaw, before 9:00;
        # 7:30 UTC on the DST day is 9:30 in Warsaw, after the start.
        opened = timezone.localtime().hour >= 9
        if opened:
            services.survey_answer(
                user=person, survey_id=survey.pk, answers=_answers(survey)
            )
        else:
            with pytest.raises(EvaluationError):
                services.survey_answer(
                    user=person, survey_id=survey.pk, answers=_answers(survey)
                )
    assert (selectors.survey_respondent_ids(survey=survey) == [person.pk]) == opened


def test_survey_page_answers_then_thanks(client):
    event, survey = _event_survey()
    person = confirmed(event)
    client.force_login(person)
    url = f"/ewaluacja/ankieta/{survey.pk}/"
    assert "anonimowa" in client.get(url).content.decode()
    assert client.post(url, _answers(survey)).status_code == 302
    again = client.post(url, _answers(survey, value=1))
    assert again.status_code == 400
    assert "już przez Ciebie wypełniona" in again.content.decode()
    assert not SurveyTally.objects.filter(value=1, count__gt=0).exists()


def test_an_overlong_open_answer_is_refused_and_nothing_is_kept():
    from ..services.surveys import MAX_OPEN_LENGTH

    event, survey = _event_survey()
    person = confirmed(event)

    with pytest.raises(EvaluationError) as error:
        services.survey_answer(
            user=person,
            survey_id=survey.pk,
            answers=_answers(survey, text="x" * (MAX_OPEN_LENGTH + 1)),
        )

    assert error.value.code == "invalid_survey"
    assert f"najwyżej {MAX_OPEN_LENGTH} znaków" in error.value.message
    assert not SurveyTally.objects.exists()
    assert not SurveyOpenAnswer.objects.exists()
    assert selectors.survey_respondent_ids(survey=survey) == []
