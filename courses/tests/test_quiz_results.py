"""Attempts count only when submitted; the correct answers show on the
result page only when the quiz's setting allows it; quiz pages carry the
course in their title."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses import services
from courses.errors import CourseError
from courses.models import CorrectAnswersShown, QuizAttempt, QuizPage

from .factories import (
    answers_for,
    course_create,
    question,
    quiz_of,
    user_create,
)

pytestmark = pytest.mark.django_db

RIGHT = "Gminny zespół interdyscyplinarny"
EXPLANATION = "Wyjaśnienie: Kto zwołuje zespół?"


def _enrolled(**quiz_fields):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    quiz.questions = json.dumps(
        [
            question(
                "Kto zwołuje zespół?",
                [(RIGHT, True), ("Sąsiad rodziny", False), ("Listonosz", False)],
            )
        ]
    )
    for name, value in quiz_fields.items():
        setattr(quiz, name, value)
    quiz.save_revision().publish()
    return user, course, QuizPage.objects.get(pk=quiz.pk)


def _submit(user, quiz, *, correct: bool) -> QuizAttempt:
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    return services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=answers_for(quiz, correct=correct)
    )


def _wrong(quiz) -> dict:
    # One wrong choice (the factory's answers_for would pick every wrong one).
    ((qid, q),) = quiz.question_map().items()
    wrong = next(cid for cid, (_t, ok) in q["choices"].items() if not ok)
    return {qid: [wrong]}


def _fail(user, quiz) -> QuizAttempt:
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    return services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=_wrong(quiz)
    )


def _quiz_page(client, quiz):
    return BeautifulSoup(client.get(quiz.url).content.decode(), "html.parser")


# --- Attempts count when submitted -------------------------------------------


def test_starting_twice_keeps_one_open_attempt_and_uses_up_none(client):
    user, _course, quiz = _enrolled(max_attempts=2)
    client.force_login(user)
    client.post(reverse("courses:quiz_start", args=[quiz.pk]))
    client.post(reverse("courses:quiz_start", args=[quiz.pk]))

    assert QuizAttempt.objects.count() == 1
    for _n in range(2):  # opening the page again changes nothing
        text = _quiz_page(client, quiz).get_text()
        assert "Pozostałe podejścia: 2." in text
    assert QuizAttempt.objects.count() == 1


def test_an_abandoned_start_does_not_count_towards_the_limit():
    user, _course, quiz = _enrolled(max_attempts=2)
    _fail(user, quiz)
    services.quiz_attempt_start(user=user, quiz=quiz)  # opened, never sent

    from courses.selectors import enrolment_for, quiz_context

    enrolment = enrolment_for(user=user, course=_course)
    assert quiz_context(quiz=quiz, enrolment=enrolment)["attempts_left"] == 1
    # The abandoned attempt is the one resumed, and sending it is allowed.
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers=_wrong(quiz))
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 2
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_start(user=user, quiz=quiz)
    assert error.value.code == "attempt_limit"


def test_attempts_left_drop_only_on_submission(client):
    user, _course, quiz = _enrolled(max_attempts=3)
    client.force_login(user)
    client.post(reverse("courses:quiz_start", args=[quiz.pk]))
    assert "Pozostałe podejścia: 3." in _quiz_page(client, quiz).get_text()
    attempt = QuizAttempt.objects.get()
    client.post(
        reverse("courses:quiz_submit", args=[attempt.pk]),
        {f"q-{q}": c for q, c in _wrong(quiz).items()},
    )
    assert "Pozostałe podejścia: 2." in _quiz_page(client, quiz).get_text()


def test_open_attempt_cannot_be_sent_once_the_limit_is_used_up():
    user, _course, quiz = _enrolled(max_attempts=1)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    # A second attempt row from an older database, left open.
    QuizAttempt.objects.create(
        enrolment=attempt.enrolment,
        quiz=quiz,
        number=2,
        question_order=attempt.question_order,
        started_at=attempt.started_at,
    )
    services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers=_wrong(quiz))
    other = QuizAttempt.objects.get(number=2)
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_submit(
            user=user, attempt_id=other.pk, answers=answers_for(quiz)
        )
    assert error.value.code == "attempt_limit"
    other.refresh_from_db()
    assert other.submitted_at is None and not other.passed


# --- Correct answers on the result page ---------------------------------------


def _result_html(client, user, attempt) -> str:
    client.force_login(user)
    return client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()


def test_default_hides_correct_answers_while_attempts_are_left(client):
    user, _course, quiz = _enrolled(max_attempts=2)
    assert quiz.show_correct_answers == CorrectAnswersShown.PASSED_OR_NO_ATTEMPTS_LEFT
    attempt = _fail(user, quiz)

    html = _result_html(client, user, attempt)

    assert "Sąsiad rodziny" in html  # the participant's own answer
    assert RIGHT not in html
    assert EXPLANATION not in html
    assert "poprawna odpowiedź" not in html


def test_default_shows_correct_answers_once_no_attempt_is_left(client):
    user, _course, quiz = _enrolled(max_attempts=2)
    _fail(user, quiz)
    last = _fail(user, quiz)

    soup = BeautifulSoup(_result_html(client, user, last), "html.parser")

    right = soup.select_one(".quiz-feedback__choices li.is-right")
    assert right is not None and RIGHT in right.get_text()
    assert EXPLANATION in soup.get_text()


def test_default_shows_correct_answers_once_passed(client):
    user, _course, quiz = _enrolled(max_attempts=0)
    _fail(user, quiz)
    passed = _submit(user, quiz, correct=True)
    first = QuizAttempt.objects.get(number=1)

    assert EXPLANATION in _result_html(client, user, passed)
    # The earlier failed attempt now shows them too: the quiz is passed.
    assert EXPLANATION in _result_html(client, user, first)


def test_unlimited_attempts_keep_answers_hidden_until_passed(client):
    user, _course, quiz = _enrolled(max_attempts=0)
    attempt = _fail(user, quiz)

    assert RIGHT not in _result_html(client, user, attempt)


def test_every_attempt_setting_shows_answers_after_a_failed_try(client):
    user, _course, quiz = _enrolled(
        max_attempts=3, show_correct_answers=CorrectAnswersShown.AFTER_EVERY_ATTEMPT
    )
    attempt = _fail(user, quiz)

    html = _result_html(client, user, attempt)

    assert RIGHT in html and EXPLANATION in html


def test_never_setting_hides_answers_even_with_no_attempt_left(client):
    user, _course, quiz = _enrolled(
        max_attempts=1, show_correct_answers=CorrectAnswersShown.NEVER
    )
    attempt = _fail(user, quiz)

    html = _result_html(client, user, attempt)

    assert RIGHT not in html and EXPLANATION not in html
    assert "nie są pokazywane" in html


def test_trainer_sees_the_setting_in_the_quiz_editor(client):
    from courses.tests.factories import index_create, mark_session_mfa, trainer_create

    index = index_create()
    services.course_index_governance_ensure(index=index)
    trainer, other = trainer_create(), trainer_create()
    course = course_create(index=index, trainers=[trainer])
    services.course_trainers_sync(course=course)
    quiz = quiz_of(course)
    url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])

    client.force_login(trainer)
    mark_session_mfa(client, trainer)
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")

    select = soup.find("select", attrs={"name": "show_correct_answers"})
    assert select is not None
    options = {o["value"]: o.get_text(strip=True) for o in select.find_all("option")}
    assert options == {
        "passed_or_exhausted": "po zaliczeniu lub wyczerpaniu prób",
        "every_attempt": "zawsze po próbie",
        "never": "nigdy",
    }
    assert select.find("option", selected=True)["value"] == "passed_or_exhausted"
    label = soup.find("label", attrs={"for": select["id"]})
    assert "Pokazuj poprawne odpowiedzi" in label.get_text()

    # A trainer of another course does not reach this quiz's editor.
    client.force_login(other)
    mark_session_mfa(client, other)
    assert client.get(url).status_code in (302, 403)


# --- Titles --------------------------------------------------------------------


def test_quiz_page_title_carries_the_course_title(client):
    user, course, quiz = _enrolled()
    client.force_login(user)

    title = _quiz_page(client, quiz).title.get_text()

    assert quiz.title in title and course.title in title


def test_quiz_pages_of_two_courses_have_different_titles(client):
    user = user_create()
    titles = set()
    for name in ("Kurs o prawie rodzinnym", "Kurs o diagnozie"):
        course = course_create(title=name)
        services.enrolment_create(user=user, course=course)
        client.force_login(user)
        titles.add(_quiz_page(client, quiz_of(course)).title.get_text())
    assert len(titles) == 2


def test_result_page_title_carries_the_course_title(client):
    user, course, quiz = _enrolled()
    attempt = _fail(user, quiz)

    soup = BeautifulSoup(_result_html(client, user, attempt), "html.parser")

    assert course.title in soup.title.get_text()
