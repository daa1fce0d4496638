import json
from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services
from courses.errors import CourseError
from courses.models import Enrolment, LessonCompletion, QuizAttempt
from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from .factories import answers_for, course_create, lessons_of, quiz_of, user_create

pytestmark = pytest.mark.django_db


def _finish_lessons(user, course):
    for lesson in lessons_of(course):
        services.lesson_complete(user=user, lesson=lesson)


def test_enrolment_create_enrols_and_audits():
    user, course = user_create(), course_create()
    enrolment = services.enrolment_create(user=user, course=course)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert AuditEntry.objects.filter(action="courses.enrolment.created").count() == 1


def test_enrolment_create_is_idempotent():
    user, course = user_create(), course_create()
    first = services.enrolment_create(user=user, course=course)
    second = services.enrolment_create(user=user, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.count() == 1


def test_enrolment_refused_before_window_opens():
    course = course_create(enrolment_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(CourseError) as error:
        services.enrolment_create(user=user_create(), course=course)
    assert error.value.code == "window_closed"
    assert not Enrolment.objects.exists()


def test_enrolment_refused_after_window_closes():
    course = course_create(enrolment_closes_at=timezone.now() - timedelta(days=1))
    with pytest.raises(CourseError) as error:
        services.enrolment_create(user=user_create(), course=course)
    assert error.value.code == "window_closed"


def test_enrolment_refused_when_full():
    course = course_create(capacity=1)
    services.enrolment_create(user=user_create(), course=course)
    with pytest.raises(CourseError) as error:
        services.enrolment_create(user=user_create(), course=course)
    assert error.value.code == "full"
    assert Enrolment.objects.count() == 1


def test_cancelled_seat_is_free_again():
    course = course_create(capacity=1)
    first = user_create()
    services.enrolment_create(user=first, course=course)
    services.enrolment_cancel(user=first, course=course)
    services.enrolment_create(user=user_create(), course=course)
    assert Enrolment.objects.filter(status="active").count() == 1


def test_enrolment_cancel_then_enrol_again_reuses_the_record():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    services.enrolment_cancel(user=user, course=course)
    again = services.enrolment_create(user=user, course=course)
    assert again.status == Enrolment.Status.ACTIVE
    assert Enrolment.objects.count() == 1


def test_lesson_complete_requires_enrolment():
    course = course_create()
    with pytest.raises(CourseError) as error:
        services.lesson_complete(user=user_create(), lesson=lessons_of(course)[0])
    assert error.value.code == "not_enrolled"
    assert not LessonCompletion.objects.exists()


def test_lesson_complete_is_idempotent():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    lesson = lessons_of(course)[0]
    services.lesson_complete(user=user, lesson=lesson)
    services.lesson_complete(user=user, lesson=lesson)
    assert LessonCompletion.objects.count() == 1


def test_lesson_with_confirmation_needs_it():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    lesson = lessons_of(course)[0]
    lesson.confirm_reading = True
    lesson.save()
    with pytest.raises(CourseError) as error:
        services.lesson_complete(user=user, lesson=lesson)
    assert error.value.code == "confirmation_required"
    services.lesson_complete(user=user, lesson=lesson, confirmed=True)
    assert LessonCompletion.objects.count() == 1


def test_quiz_submit_scores_on_server_and_passes():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    attempt = services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=answers_for(quiz)
    )
    assert attempt.score == 100
    assert attempt.passed


def test_quiz_wrong_answers_fail():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    attempt = services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=answers_for(quiz, correct=False)
    )
    assert attempt.score == 0
    assert not attempt.passed


def test_quiz_partial_multiple_choice_is_wrong():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    answers = answers_for(quiz)
    multiple = next(
        q for q, v in quiz.question_map().items() if v["kind"] == "multiple"
    )
    answers[multiple] = answers[multiple][:1]
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    attempt = services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=answers
    )
    assert attempt.score == 50


def test_quiz_start_refused_after_attempt_limit():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    for _n in range(quiz.max_attempts):
        attempt = services.quiz_attempt_start(user=user, quiz=quiz)
        services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers={})
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_start(user=user, quiz=quiz)
    assert error.value.code == "attempt_limit"
    assert QuizAttempt.objects.count() == quiz.max_attempts


def test_quiz_submit_of_another_users_attempt_is_refused():
    owner, other, course = user_create(), user_create(), course_create()
    services.enrolment_create(user=owner, course=course)
    services.enrolment_create(user=other, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=owner, quiz=quiz)
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_submit(
            user=other, attempt_id=attempt.pk, answers=answers_for(quiz)
        )
    assert error.value.code == "not_found"
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None


@pytest.mark.parametrize(
    "tamper",
    [
        "unknown_question",
        "unknown_choice",
        "two_for_single",
        "choice_of_other_question",
    ],
)
def test_tampered_submission_is_refused_and_stores_nothing(tamper):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    answers = answers_for(quiz)
    qmap = quiz.question_map()
    single = next(q for q, v in qmap.items() if v["kind"] == "single")
    multiple = next(q for q, v in qmap.items() if v["kind"] == "multiple")
    if tamper == "unknown_question":
        answers["nie-ma-takiego"] = [next(iter(qmap[single]["choices"]))]
    elif tamper == "unknown_choice":
        answers[single] = ["00000000-0000-0000-0000-000000000000"]
    elif tamper == "two_for_single":
        answers[single] = list(qmap[single]["choices"])
    else:
        answers[single] = [next(iter(qmap[multiple]["choices"]))]
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers=answers)
    assert error.value.code == "invalid_answer"
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.answers == {} and not attempt.passed
    assert not AuditEntry.objects.filter(action="courses.quiz.submitted").exists()


def test_submitted_attempt_cannot_be_resubmitted():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers={})
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_submit(
            user=user, attempt_id=attempt.pk, answers=answers_for(quiz)
        )
    assert error.value.code == "already_submitted"
    attempt.refresh_from_db()
    assert not attempt.passed


def test_course_completes_when_lessons_done_and_quiz_passed(
    django_capture_on_commit_callbacks, completed_signals
):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        _finish_lessons(user, course)
        attempt = services.quiz_attempt_start(user=user, quiz=quiz)
        services.quiz_attempt_submit(
            user=user, attempt_id=attempt.pk, answers=answers_for(quiz)
        )
    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_at is not None
    assert len(completed_signals) == 1


def test_course_not_complete_without_quiz(
    completed_signals, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _finish_lessons(user, course)
    assert Enrolment.objects.get().status == Enrolment.Status.ACTIVE
    assert completed_signals == []


def test_optional_lesson_is_not_needed(
    completed_signals, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    first, second = lessons_of(course)
    second.required = False
    second.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_complete(user=user, lesson=first)
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED


def test_completion_signal_payload(
    completed_signals, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create(quiz=False, title="Diagnoza rodziny")
    enrolment = services.enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _finish_lessons(user, course)
    ((user_id, source),) = completed_signals
    assert user_id == user.pk
    json.dumps(source)  # plain JSON only
    enrolment.refresh_from_db()
    assert source == {
        "kind": "course",
        "id": course.pk,
        "title": "Diagnoza rodziny",
        "hours": "4.0",
        "date_from": timezone.localdate(enrolment.enrolled_at).isoformat(),
        "date_to": timezone.localdate(enrolment.completed_at).isoformat(),
        "place": "online",
        "organiser": "18",
        "programme": [{"topic": "Moduł 1", "hours": "2.0"}],
        "form": "kurs e-learningowy",
        "outcomes": course.outcomes_list,
        "language": "pl",
        "completion_id": enrolment.pk,
    }


def test_completion_signal_is_sent_after_commit_only(
    completed_signals, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _finish_lessons(user, course)
    assert completed_signals == []
    for callback in callbacks:
        callback()
    assert len(completed_signals) == 1


def test_completion_is_recorded_once(
    completed_signals, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _finish_lessons(user, course)
        _finish_lessons(user, course)
    assert len(completed_signals) == 1
    assert AuditEntry.objects.filter(action="courses.enrolment.completed").count() == 1


def test_completion_notifies_participant(django_capture_on_commit_callbacks):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _finish_lessons(user, course)
    assert Notification.objects.filter(user=user, title__contains=course.title).exists()


def test_completed_course_cannot_be_cancelled(django_capture_on_commit_callbacks):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _finish_lessons(user, course)
    with pytest.raises(CourseError) as error:
        services.enrolment_cancel(user=user, course=course)
    assert error.value.code == "completed"


def test_personal_data_export_includes_course_records():
    from szkola.accounts.selectors import personal_data_export

    user, course = user_create(), course_create(title="Kurs RODO")
    services.enrolment_create(user=user, course=course)
    services.lesson_complete(user=user, lesson=lessons_of(course)[0])
    data = personal_data_export(user=user)
    json.dumps(data)
    (entry,) = data["courses"]
    assert entry["course"] == "Kurs RODO"
    assert entry["lessons_completed"][0]["lesson"] == "Lekcja 1.1"


def test_submission_over_a_lowered_attempt_limit_is_refused():
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    for _n in range(2):
        attempt = services.quiz_attempt_start(user=user, quiz=quiz)
        services.quiz_attempt_submit(user=user, attempt_id=attempt.pk, answers={})
    third = services.quiz_attempt_start(user=user, quiz=quiz)
    quiz.max_attempts = 2
    quiz.save_revision().publish()
    with pytest.raises(CourseError) as error:
        services.quiz_attempt_submit(
            user=user, attempt_id=third.pk, answers=answers_for(quiz)
        )
    assert error.value.code == "attempt_limit"
    third.refresh_from_db()
    assert third.submitted_at is None and not third.passed and third.answers == {}
    assert Enrolment.objects.get().status == Enrolment.Status.ACTIVE
