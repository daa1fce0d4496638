"""Finishing a course is a moment: the last lesson or quiz leads to a page
with congratulations, what was completed and the certificate."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses import services
from courses.models import Enrolment

from .factories import (
    answers_for,
    course_create,
    lessons_of,
    quiz_of,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _complete(user, course, capture, *, issue: bool = True):
    """Finish every lesson and pass the quiz; ``issue``: let the
    after-commit work (recording the completion, issuing) run."""
    with capture(execute=issue):
        for lesson in lessons_of(course):
            services.lesson_complete(user=user, lesson=lesson)
        quiz = quiz_of(course)
        attempt = services.quiz_attempt_start(user=user, quiz=quiz)
        services.quiz_attempt_submit(
            user=user, attempt_id=attempt.pk, answers=answers_for(quiz)
        )
    assert Enrolment.objects.get(user=user, course=course).status == "completed"


def test_last_lesson_without_javascript_lands_on_the_completion_page(
    client, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    first, last = lessons_of(course)
    services.lesson_complete(user=user, lesson=first)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:lesson_complete", args=[last.pk]))

    assert response.url == reverse("courses:completion", args=[course.pk])


def test_last_lesson_with_javascript_answers_the_completion_address(
    client, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create(quiz=False)
    services.enrolment_create(user=user, course=course)
    first, last = lessons_of(course)
    client.force_login(user)
    url = reverse("courses:lesson_complete", args=[first.pk])
    data = client.post(url, HTTP_ACCEPT="application/json").json()
    assert not data["completed"] and data["completion_url"] == ""

    with django_capture_on_commit_callbacks(execute=True):
        data = client.post(
            reverse("courses:lesson_complete", args=[last.pk]),
            HTTP_ACCEPT="application/json",
        ).json()

    assert data["completed"]
    assert data["completion_url"] == reverse("courses:completion", args=[course.pk])


def test_passing_the_last_quiz_links_the_completion_page(
    client, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    _complete(user, course, django_capture_on_commit_callbacks)
    attempt = quiz_of(course).attempts.get()
    client.force_login(user)

    soup = _soup(client.get(reverse("courses:attempt", args=[attempt.pk])))

    link = soup.find("a", href=reverse("courses:completion", args=[course.pk]))
    assert link is not None


def test_completion_page_congratulates_lists_the_work_and_links_the_certificate(
    client, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate

    user = user_create()
    course = course_create(title="Diagnoza potrzeb rodziny")
    services.enrolment_create(user=user, course=course)
    _complete(user, course, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(user=user)
    client.force_login(user)

    response = client.get(reverse("courses:completion", args=[course.pk]))

    assert response.status_code == 200
    soup = _soup(response)
    assert "Diagnoza potrzeb rodziny" in soup.title.get_text()
    assert soup.h1.get_text(strip=True) == "Gratulacje!"
    text = soup.main.get_text()
    assert "Ukończono kurs „Diagnoza potrzeb rodziny”" in text
    for lesson in lessons_of(course):
        assert lesson.title in text
    assert "Test końcowy" in text and "100%" in text
    download = reverse("certificates:download", args=[certificate.pk])
    assert soup.find("a", href=download) is not None


def test_completion_page_says_the_certificate_is_being_issued(
    client, django_capture_on_commit_callbacks
):
    from certificates.services import completion_record
    from certificates.tests.factories import source_dict

    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    _complete(user, course, django_capture_on_commit_callbacks, issue=False)
    completion_record(user_id=user.pk, source=source_dict(kind="course", id=course.pk))
    client.force_login(user)

    soup = _soup(client.get(reverse("courses:completion", args=[course.pk])))

    assert soup.select_one("[data-certificate-pending]") is not None
    assert soup.find("a", href=reverse("certificates:mine")) is not None


def test_completion_page_without_a_completion_record_has_no_certificate_part(
    client, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    _complete(user, course, django_capture_on_commit_callbacks, issue=False)
    client.force_login(user)

    soup = _soup(client.get(reverse("courses:completion", args=[course.pk])))

    assert soup.h1.get_text(strip=True) == "Gratulacje!"
    assert soup.select_one(".source-certificate") is None


def test_completion_page_shows_only_ones_own_certificate(
    client, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate

    first, second, course = user_create(), user_create(), course_create()
    for user in (first, second):
        services.enrolment_create(user=user, course=course)
        _complete(user, course, django_capture_on_commit_callbacks)
    theirs = Certificate.objects.get(user=first)
    client.force_login(second)

    html = client.get(reverse("courses:completion", args=[course.pk])).content.decode()

    assert reverse("certificates:download", args=[theirs.pk]) not in html
    assert theirs.number not in html


def test_unfinished_course_sends_the_participant_back_to_the_course(client):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)

    response = client.get(reverse("courses:completion", args=[course.pk]), follow=True)

    assert response.redirect_chain[-1][0] == course.url
    assert "nie jest jeszcze ukończony" in response.content.decode()
    assert "Gratulacje" not in response.content.decode()


def test_course_trainer_gets_no_completion_page(client):
    trainer = trainer_create()
    course = course_create(trainers=[trainer])
    client.force_login(trainer)

    response = client.get(reverse("courses:completion", args=[course.pk]))

    assert response.status_code == 302 and response.url == course.url


def test_completion_page_needs_sign_in(client):
    course = course_create()

    response = client.get(reverse("courses:completion", args=[course.pk]))

    assert response.status_code == 302 and "/konto/login/" in response.url


def test_course_page_and_my_courses_link_the_completion_page(
    client, django_capture_on_commit_callbacks
):
    user, course = user_create(), course_create()
    services.enrolment_create(user=user, course=course)
    _complete(user, course, django_capture_on_commit_callbacks)
    client.force_login(user)
    href = reverse("courses:completion", args=[course.pk])

    assert _soup(client.get(course.url)).find("a", href=href) is not None
    assert _soup(client.get(reverse("courses:mine"))).find("a", href=href)
