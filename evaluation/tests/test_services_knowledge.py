import datetime

import pytest
import time_machine
from django.utils import timezone

from courses.models import Enrolment
from courses.services import lesson_complete
from courses.tests.factories import answers_for, lessons_of

from .. import services
from ..errors import EvaluationError
from ..models import TestResult
from .factories import (
    COURSE,
    EVENT,
    confirmed,
    coordinator_create,
    course_with_bank,
    enrolled,
    event_create,
    event_with_bank,
    knowledge_submit,
    past_event,
    plan_settings,
    user_create,
)

pytestmark = pytest.mark.django_db


def _event_with_bank(**kwargs):
    event = kwargs.pop("event", None) or past_event(**kwargs)
    return event, event_with_bank(event)


def test_pre_and_post_scored_on_the_server():
    event, bank = _event_with_bank()
    person = confirmed(event)
    wrong = knowledge_submit(
        user=person,
        source=event,
        phase="pre",
        answers=answers_for(bank, correct=False),
    )
    right = knowledge_submit(
        user=person,
        source=event,
        phase="post",
        answers=answers_for(bank),
    )
    assert (wrong.score, right.score) == (0, 100)


def test_tampered_answers_refused_nothing_stored():
    event, _bank = _event_with_bank()
    person = confirmed(event)
    with pytest.raises(EvaluationError) as error:
        knowledge_submit(
            user=person,
            source=event,
            phase="pre",
            answers={"nie-ma-takiego": ["x"]},
        )
    assert error.value.code == "invalid_answer"
    assert not TestResult.objects.exists()


def test_second_attempt_refused():
    event, bank = _event_with_bank()
    person = confirmed(event)
    kwargs = dict(user=person, source_kind=EVENT, source_id=event.pk, phase="pre")
    services.knowledge_test_submit(answers=answers_for(bank, correct=False), **kwargs)
    with pytest.raises(EvaluationError) as error:
        services.knowledge_test_submit(answers=answers_for(bank), **kwargs)
    assert error.value.code == "already_taken"
    assert TestResult.objects.get().score == 0


@pytest.mark.parametrize(
    "moment",
    [
        # 23:30 UTC on the evening before the last day ends (Warsaw: 00:30).
        "23:30",
        # A DST change day.
        "dst",
    ],
)
def test_post_test_before_the_event_ends_refused(moment):
    if moment == "dst":
        first = datetime.date(2026, 10, 24)
        frozen = datetime.datetime(2026, 10, 25, 12, 0, tzinfo=datetime.UTC)
    else:
        first = datetime.date(2026, 3, 10)
        frozen = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(frozen - datetime.timedelta(days=30), tick=False):
        event = event_create(first_day=first, days=2)
        event, bank = _event_with_bank(event=event)
        person = confirmed(event)
    with time_machine.travel(frozen, tick=False):
        with pytest.raises(EvaluationError) as error:
            knowledge_submit(
                user=person,
                source=event,
                phase="post",
                answers=answers_for(bank),
            )
        assert error.value.code == "too_early"
        assert "po zakończeniu" in error.value.message
        # The pre-test is open at the same moment: it never blocks.
        knowledge_submit(
            user=person,
            source=event,
            phase="pre",
            answers=answers_for(bank),
        )
    assert list(TestResult.objects.values_list("phase", flat=True)) == ["pre"]
    ends = timezone.localtime(event.ends_at())
    with time_machine.travel(ends + datetime.timedelta(minutes=1), tick=False):
        knowledge_submit(
            user=person,
            source=event,
            phase="post",
            answers=answers_for(bank),
        )
    assert TestResult.objects.count() == 2


def test_not_a_participant_refused():
    event, bank = _event_with_bank()
    with pytest.raises(EvaluationError) as error:
        knowledge_submit(
            user=user_create(),
            source=event,
            phase="pre",
            answers=answers_for(bank),
        )
    assert error.value.code == "not_participant"


def test_paper_result_by_coordinator_in_scope_only():
    event, _bank = _event_with_bank(organiser="20")
    person = confirmed(event)
    with pytest.raises(EvaluationError) as error:
        services.paper_result_enter(
            actor=coordinator_create(scope="06"),
            source_kind=EVENT,
            source_id=event.pk,
            participant=person,
            phase="pre",
            score=40,
        )
    assert error.value.code == "not_allowed"
    coordinator = coordinator_create(scope="20")
    for bad in ("101", "-1", "abc"):
        with pytest.raises(EvaluationError) as error:
            services.paper_result_enter(
                actor=coordinator,
                source_kind=EVENT,
                source_id=event.pk,
                participant=person,
                phase="pre",
                score=bad,
            )
        assert error.value.code == "invalid_score"
    assert not TestResult.objects.exists()
    result = services.paper_result_enter(
        actor=coordinator,
        source_kind=EVENT,
        source_id=event.pk,
        participant=person,
        phase="pre",
        score="40",
    )
    assert (result.score, result.entered_by) == (40, coordinator)


def test_required_post_test_holds_course_completion_until_taken():
    coordinator = coordinator_create(scope="18")
    course, bank = course_with_bank(organiser="18", quiz=True)
    plan_settings(
        actor=coordinator,
        source_kind=COURSE,
        source_id=course.pk,
        bank=bank,
        post_test_required=True,
    )
    person = enrolled(course)
    for lesson in lessons_of(course):
        lesson_complete(user=person, lesson=lesson)
    from courses.services import quiz_attempt_start, quiz_attempt_submit

    attempt = quiz_attempt_start(user=person, quiz=bank)
    quiz_attempt_submit(user=person, attempt_id=attempt.pk, answers=answers_for(bank))
    enrolment = Enrolment.objects.get(user=person)
    assert enrolment.status == Enrolment.Status.ACTIVE
    knowledge_submit(
        user=person,
        source=course,
        phase="post",
        answers=answers_for(bank, correct=False),
        source_kind=COURSE,
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_course_post_test_opens_after_the_lessons():
    course, bank = course_with_bank(organiser="18")
    plan_settings(
        actor=coordinator_create(scope="18"),
        source_kind=COURSE,
        source_id=course.pk,
        bank=bank,
    )
    person = enrolled(course)
    with pytest.raises(EvaluationError) as error:
        knowledge_submit(
            user=person,
            source=course,
            phase="post",
            answers=answers_for(bank),
            source_kind=COURSE,
        )
    assert error.value.code == "too_early"


def test_phone_page_takes_the_pre_test_without_correct_answers(client):
    event, bank = _event_with_bank()
    person = confirmed(event)
    client.force_login(person)
    url = f"/ewaluacja/event/{event.pk}/test/pre/"
    html = client.get(url).content.decode()
    assert "Kto tworzy PZK?" in html
    assert "correct" not in html and "Wyjaśnienie" not in html
    data = {f"q-{qid}": chosen for qid, chosen in answers_for(bank).items()}
    response = client.post(url, data)
    assert response.status_code == 302
    assert TestResult.objects.get(user=person).score == 100
    assert "Twój wynik: 100%" in client.get(url).content.decode()


def test_post_test_page_before_end_shows_polish_refusal(client):
    event, bank = _event_with_bank(event=event_create())
    person = confirmed(event)
    client.force_login(person)
    data = {f"q-{qid}": chosen for qid, chosen in answers_for(bank).items()}
    response = client.post(f"/ewaluacja/event/{event.pk}/test/post/", data)
    assert response.status_code == 400
    assert "dopiero po zakończeniu" in response.content.decode()
    assert not TestResult.objects.exists()


def test_qr_code_encodes_the_test_address(client):
    event = past_event()
    response = client.get(f"/ewaluacja/event/{event.pk}/test/pre/kod-qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def test_invite_sends_the_link_to_those_who_have_not_taken_it():
    from szkola.live.models import Notification

    event, bank = _event_with_bank(organiser="20")
    done, waiting = confirmed(event), confirmed(event)
    knowledge_submit(
        user=done,
        source=event,
        phase="pre",
        answers=answers_for(bank),
    )
    with pytest.raises(EvaluationError) as error:
        services.knowledge_test_invite(
            actor=coordinator_create(scope="06"),
            source_kind=EVENT,
            source_id=event.pk,
            phase="pre",
        )
    assert error.value.code == "not_allowed"
    assert not Notification.objects.exists()
    sent = services.knowledge_test_invite(
        actor=coordinator_create(scope="20"),
        source_kind=EVENT,
        source_id=event.pk,
        phase="pre",
    )
    assert sent == 1
    note = Notification.objects.get()
    assert note.user == waiting
    assert note.url == f"/ewaluacja/event/{event.pk}/test/pre/"
