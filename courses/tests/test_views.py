import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrolment, LessonCompletion, QuizAttempt

from .factories import (
    answers_for,
    coordinator_create,
    course_create,
    lessons_of,
    quiz_of,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db

SECRET = "Tajna treść lekcji"


def test_anonymous_gets_invitation_not_lesson(client):
    lesson = lessons_of(course_create())[0]
    response = client.get(lesson.url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert "zapisz się" in response.content.decode()


def test_not_enrolled_user_gets_invitation(client):
    lesson = lessons_of(course_create())[0]
    client.force_login(user_create())
    response = client.get(lesson.url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_cancelled_enrolment_loses_access(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    services.enrolment_cancel(user=user, course=course)
    client.force_login(user)
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 403


def test_enrolled_participant_reads_lesson(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_course_trainer_reads_lesson(client):
    trainer = trainer_create()
    course = course_create(trainers=[trainer])
    client.force_login(trainer)
    assert client.get(lessons_of(course)[0].url).status_code == 200


def test_other_trainer_does_not_read_lesson(client):
    course = course_create(trainers=[trainer_create()])
    client.force_login(trainer_create())
    assert client.get(lessons_of(course)[0].url).status_code == 403


def test_coordinator_reads_lesson(client):
    course = course_create()
    client.force_login(coordinator_create())
    assert client.get(lessons_of(course)[0].url).status_code == 200


def test_quiz_page_hides_questions_from_outsiders(client):
    course = course_create()
    client.force_login(user_create())
    response = client.get(quiz_of(course).url)
    assert response.status_code == 403
    assert "Kto tworzy PZK" not in response.content.decode()


def test_open_quiz_never_marks_correct_answers(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    services.quiz_attempt_start(user=user, quiz=quiz)
    client.force_login(user)
    html = client.get(quiz.url).content.decode()
    assert "Kto tworzy PZK" in html
    assert "correct" not in html.lower()
    assert "poprawna" not in html.lower()


def test_search_does_not_index_lesson_text():
    from wagtail.models import Page

    course_create()
    assert not Page.objects.live().search("Tajna").count()


def test_enrol_view_enrols_and_goes_to_first_lesson(client):
    user, course = user_create(), course_create()
    client.force_login(user)
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert Enrolment.objects.filter(user=user, course=course).exists()
    assert response.url == lessons_of(course)[0].url


def test_enrol_view_shows_error_when_closed(client):
    from datetime import timedelta

    from django.utils import timezone

    course = course_create(enrolment_closes_at=timezone.now() - timedelta(days=1))
    client.force_login(user_create())
    response = client.post(reverse("courses:enrol", args=[course.pk]), follow=True)
    assert "Zapisy na ten kurs są zamknięte" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_enrol_requires_login(client):
    course = course_create()
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302 and "login" in response.url
    assert not Enrolment.objects.exists()


def test_lesson_complete_without_js_redirects_to_next(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    first, second = lessons_of(course)
    client.force_login(user)
    response = client.post(reverse("courses:lesson_complete", args=[first.pk]))
    assert response.url == second.url
    assert LessonCompletion.objects.count() == 1


def test_lesson_complete_with_js_returns_progress(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    response = client.post(
        reverse("courses:lesson_complete", args=[lessons_of(course)[0].pk]),
        HTTP_ACCEPT="application/json",
    )
    data = response.json()
    assert data["ok"] and data["done"] == 1 and data["total"] == 3


def test_lesson_complete_by_outsider_is_refused(client):
    course = course_create()
    client.force_login(user_create())
    response = client.post(
        reverse("courses:lesson_complete", args=[lessons_of(course)[0].pk]),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "not_enrolled"
    assert not LessonCompletion.objects.exists()


def test_quiz_submit_view_with_tampered_ids_changes_nothing(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    client.force_login(user)
    response = client.post(
        reverse("courses:quiz_submit", args=[attempt.pk]),
        {"q-falszywe": "x", "next": quiz.url},
        follow=True,
    )
    assert response.status_code == 200
    assert "Odpowiedzi nie pasują" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_quiz_submit_view_of_other_users_attempt_changes_nothing(client):
    owner, other, course = user_create(), user_create(), course_create()
    services.enrolment_create(user=owner, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=owner, quiz=quiz)
    client.force_login(other)
    data = {f"q-{q}": c for q, c in answers_for(quiz).items()}
    client.post(reverse("courses:quiz_submit", args=[attempt.pk]), data)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_attempt_result_of_other_user_is_404(client):
    owner, course = user_create(), course_create()
    services.enrolment_create(user=owner, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=owner, quiz=quiz)
    services.quiz_attempt_submit(user=owner, attempt_id=attempt.pk, answers={})
    client.force_login(user_create())
    assert client.get(reverse("courses:attempt", args=[attempt.pk])).status_code == 404


def test_quiz_flow_through_views(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    client.force_login(user)
    client.post(reverse("courses:quiz_start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get()
    data = {f"q-{q}": c for q, c in answers_for(quiz).items()}
    response = client.post(reverse("courses:quiz_submit", args=[attempt.pk]), data)
    assert response.url == reverse("courses:attempt", args=[attempt.pk])
    result = client.get(response.url).content.decode()
    assert "Zaliczono: 100%" in result
    assert "Wyjaśnienie: Kto tworzy PZK?" in result


def test_my_courses_lists_progress(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    services.lesson_complete(user=user, lesson=lessons_of(course)[0])
    client.force_login(user)
    html = client.get(reverse("courses:mine")).content.decode()
    assert course.title in html
    assert 'value="33"' in html
    assert "Lekcja 1.2" in html  # the lesson to resume


def test_catalogue_filters_by_topic(client):
    course_create(title="Kurs o prawie", topic="law")
    course_create(title="Kurs o diagnozie", topic="diagnosis")
    html = client.get("/kursy/?temat=law").content.decode()
    assert "Kurs o prawie" in html and "Kurs o diagnozie" not in html


def test_catalogue_filters_by_format(client):
    course_create(title="Kurs A", format="tutored")
    course_create(title="Kurs B", format="self_paced")
    html = client.get("/kursy/?forma=tutored").content.decode()
    assert "Kurs A" in html and "Kurs B" not in html


def test_catalogue_shows_users_status(client):
    user = user_create()
    course = course_create(title="Kurs zapisany")
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    html = client.get("/kursy/").content.decode()
    assert "w trakcie" in html


def test_dashboard_panel_lists_courses(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    html = client.get("/moje/").content.decode()
    assert course.title in html


def test_preview_of_lesson_is_refused_to_outsider(rf):
    lesson = lessons_of(course_create())[0]
    request = rf.get(lesson.url)
    request.user = user_create()
    response = lesson.serve_preview(request, "")
    assert response.status_code == 403
    assert SECRET not in response.rendered_content


def test_preview_of_lesson_renders_for_course_trainer(rf):
    trainer = trainer_create()
    lesson = lessons_of(course_create(trainers=[trainer]))[0]
    request = rf.get(lesson.url)
    request.user = trainer
    response = lesson.serve_preview(request, "")
    assert response.status_code == 200
    assert SECRET in response.rendered_content


def test_outline_follows_unpublishing_a_lesson(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    first, second = lessons_of(course)
    assert "Lekcja 1.2" in client.get(first.url).content.decode()
    second.unpublish()
    assert "Lekcja 1.2" not in client.get(first.url).content.decode()


def test_lesson_access_follows_a_view_restriction_on_the_catalogue(client):
    from wagtail.models import PageViewRestriction

    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    lesson = lessons_of(course)[0]
    assert client.get(lesson.url).status_code == 200
    PageViewRestriction.objects.create(
        page=course.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    response = client.get(lesson.url)
    assert response.status_code == 302  # to the sign-in page
    assert SECRET not in response.content.decode()


def test_course_page_links_lessons_for_its_trainer(client):
    trainer = trainer_create()
    course = course_create(trainers=[trainer])
    client.force_login(trainer)
    html = client.get(course.url).content.decode()
    assert f'href="{lessons_of(course)[0].url}"' in html


def test_course_page_does_not_link_lessons_for_visitors(client):
    course = course_create()
    html = client.get(course.url).content.decode()
    assert f'href="{lessons_of(course)[0].url}"' not in html


@pytest.mark.parametrize(
    "post",
    [
        {"q-": "x"},  # an empty question id
        {"q-%s": ["a", "b"]},  # two answers to a single-choice question
        {"q-%s": ""},  # an empty choice id
    ],
)
def test_malformed_quiz_post_is_refused_in_polish(client, post):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz)
    single = next(q for q, v in quiz.question_map().items() if v["kind"] == "single")
    data = {key.replace("%s", single): value for key, value in post.items()}
    client.force_login(user)
    response = client.post(
        reverse("courses:quiz_submit", args=[attempt.pk]),
        {**data, "next": quiz.url},
        follow=True,
    )
    assert "Odpowiedzi nie pasują do pytań tego testu" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.answers == {}
