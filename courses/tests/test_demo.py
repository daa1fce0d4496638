import io

import pytest
from django.core.management import call_command

from courses.models import CoursePage, Enrolment, LessonPage, QuizAttempt, QuizPage
from szkola.home.tests.seeding import demo_seed, kept_data

pytestmark = pytest.mark.django_db


# seed_demo runs outside a test transaction normally: completions are
# announced after each commit (module_data runs those callbacks at once).
seeded = kept_data(demo_seed)


def test_demo_builds_three_courses_with_lessons_and_quizzes(seeded):
    assert CoursePage.objects.live().count() == 3
    assert LessonPage.objects.count() == 12
    assert QuizPage.objects.count() == 3


def test_demo_has_participants_at_different_stages(seeded):
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert statuses == {"active", "completed"}
    assert QuizAttempt.objects.filter(passed=False).exists()


def test_demo_completions_issue_certificates(seeded):
    from certificates.models import Certificate

    completed = Enrolment.objects.filter(status="completed").count()
    assert completed >= 8
    assert Certificate.objects.filter(source_kind="course").count() == completed


def test_demo_is_idempotent(seeded):
    before = (
        Enrolment.objects.count(),
        QuizAttempt.objects.count(),
        LessonPage.objects.count(),
    )
    call_command("seed_demo", "--force", stdout=io.StringIO())
    after = (
        Enrolment.objects.count(),
        QuizAttempt.objects.count(),
        LessonPage.objects.count(),
    )
    assert before == after
