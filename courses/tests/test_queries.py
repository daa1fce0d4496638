"""Lesson, course and catalogue pages run a fixed number of queries whatever
the size of the course and the number of enrolments and attempts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services

from .factories import course_create, index_create, lessons_of, quiz_of, user_create

pytestmark = pytest.mark.django_db

# Site, three for Wagtail's routing, the lesson, session, user, the
# participant's enrolment and progress (one UNION). Site settings, the user
# bar's permission check and the unread notifications come from the cache.
LESSON_PAGE_MAX_QUERIES = 8

# The small course and the large one: five times the lessons and modules
# (3 lessons in 1 module, 15 in 5) and five times the other participants.
SMALL, LARGE = 3, 15


def _busy_course(lessons: int, *, others: int):
    """A course of ``lessons`` lessons (plus a quiz), with other participants
    who completed lessons and tried the quiz."""
    modules = max(1, lessons // 3)
    course = course_create(modules=modules, lessons_per_module=lessons // modules)
    quiz = quiz_of(course)
    for _n in range(others):
        other = user_create()
        services.enrolment_create(user=other, course=course)
        for lesson in lessons_of(course)[:2]:
            services.lesson_complete(user=other, lesson=lesson)
        attempt = services.quiz_attempt_start(user=other, quiz=quiz)
        services.quiz_attempt_submit(user=other, attempt_id=attempt.pk, answers={})
    return course


def _participant(course, *, done: int):
    user = user_create()
    services.enrolment_create(user=user, course=course)
    for lesson in lessons_of(course)[:done]:
        services.lesson_complete(user=user, lesson=lesson)
    return user


def _count(client, url) -> int:
    client.get(url)  # warm caches that every request shares (site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_lesson_page_queries_bounded(client, size):
    course = _busy_course(size, others=2 if size == SMALL else 6)
    user = _participant(course, done=2)
    client.force_login(user)
    assert _count(client, lessons_of(course)[-1].url) <= LESSON_PAGE_MAX_QUERIES


def test_lesson_page_queries_do_not_grow_with_the_course(client):
    small = _busy_course(SMALL, others=1)
    large = _busy_course(LARGE, others=5)
    counts = []
    for course in (small, large):
        client.force_login(_participant(course, done=2))
        counts.append(_count(client, lessons_of(course)[1].url))
    assert counts[0] == counts[1]


def test_course_page_queries_do_not_grow_with_the_course(client):
    small = _busy_course(SMALL, others=1)
    large = _busy_course(LARGE, others=5)
    counts = []
    for course in (small, large):
        client.force_login(_participant(course, done=2))
        counts.append(_count(client, course.url))
    assert counts[0] == counts[1]


def test_catalogue_queries_do_not_grow_with_courses(client):
    index_create()
    user = user_create()
    client.force_login(user)
    course = _busy_course(3, others=1)
    services.enrolment_create(user=user, course=course)
    few = _count(client, "/kursy/")
    for _n in range(4):
        services.enrolment_create(user=user, course=_busy_course(3, others=1))
    assert _count(client, "/kursy/") == few


def test_my_courses_queries_do_not_grow_with_enrolments(client):
    user = user_create()
    client.force_login(user)
    services.enrolment_create(user=user, course=_busy_course(3, others=0))
    few = _count(client, "/moje/kursy/")
    for _n in range(4):
        services.enrolment_create(user=user, course=_busy_course(6, others=0))
    assert _count(client, "/moje/kursy/") == few
