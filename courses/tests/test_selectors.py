import pytest
from django.utils import timezone

from courses import selectors, services

from .factories import answers_for, course_create, lessons_of, quiz_of, user_create

pytestmark = pytest.mark.django_db


def test_user_course_state_reads_enrolment_and_progress_in_one_query(
    django_assert_num_queries,
):
    user, course = user_create(), course_create()
    enrolment = services.enrolment_create(user=user, course=course)
    services.lesson_complete(user=user, lesson=lessons_of(course)[0])
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=answers_for(quiz)
    )
    with django_assert_num_queries(1):
        state, lessons, quizzes = selectors.user_course_state(user=user, course=course)
    assert state.pk == enrolment.pk and state.status == "active"
    assert state.enrolled_at == enrolment.enrolled_at
    assert timezone.is_aware(state.enrolled_at)
    assert lessons == {lessons_of(course)[0].pk}
    assert quizzes == {quiz.pk}


def test_user_course_state_of_someone_not_enrolled_is_empty():
    course = course_create()
    assert selectors.user_course_state(user=user_create(), course=course) == (
        None,
        set(),
        set(),
    )


def test_failed_attempts_do_not_count_as_passed():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers={})
    _state, _lessons, quizzes = selectors.user_course_state(user=user, course=course)
    assert quizzes == set()
