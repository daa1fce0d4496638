"""Reads for reports and for the guarding of private files: a course's
report rows, hours as Poles write them, which courses guard a file or use a
collection, and a person's data for their export (RODO art. 15, 20)."""

from decimal import Decimal

from django.db.models import Count, Max, Q
from wagtail.models import Page

from .models import (
    CoursePage,
    Enrolment,
)
from .outline import content_type_ids
from .selectors import enrolment_for, user_may_read_course

STEPLEN = Page.steplen


def course_report_rows(*, course: CoursePage):
    """Enrolments of ``course`` with counts and the best quiz score for the
    progress report."""
    return (
        Enrolment.objects.filter(course=course)
        .select_related("user", "user__profile")
        .annotate(
            lessons_done=Count("lesson_completions", distinct=True),
            quizzes_passed=Count(
                "quiz_attempts__quiz",
                filter=Q(quiz_attempts__passed=True),
                distinct=True,
            ),
            best_score=Max("quiz_attempts__score"),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def hours_str(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.1")))


def courses_with_materials_collection(*, collection_id: int | None) -> list[CoursePage]:
    """Courses whose materials collection is ``collection_id``: files
    (documents, images) of such a collection open only for people who may
    read one of these courses; files of any other collection are public."""
    if collection_id is None:
        return []
    return list(
        CoursePage.objects.filter(
            materials_collection_id=collection_id
        ).defer_streamfields()
    )


def courses_guarding_file(*, obj) -> list[CoursePage]:
    """Courses whose readers alone may open the document or image ``obj``.

    A file is private to a course when it sits in the course's materials
    collection, or when the only objects that use it (Wagtail's reference
    index) are modules, lessons and quizzes: then it belongs to their
    courses, whatever collection it was uploaded to. A file also used by any
    other page, snippet or setting is public (that page shows it anyway),
    unless its collection makes it private. Empty list: public."""
    from wagtail.models import ReferenceIndex

    courses = courses_with_materials_collection(collection_id=obj.collection_id)
    references = set(
        ReferenceIndex.get_references_to(obj).values_list(
            "content_type_id", "object_id"
        )
    )
    private_types = set(content_type_ids())
    if not references or any(ct not in private_types for ct, _pk in references):
        return courses
    paths = Page.objects.filter(pk__in=[int(pk) for _ct, pk in references]).values_list(
        "path", flat=True
    )
    prefixes = {
        path[: n * STEPLEN] for path in paths for n in range(1, len(path) // STEPLEN)
    }
    known = {course.pk for course in courses}
    courses += [
        course
        for course in CoursePage.objects.filter(path__in=prefixes).defer_streamfields()
        if course.pk not in known
    ]
    return courses


def user_may_read_any_course(*, user, courses: list[CoursePage]) -> bool:
    return any(
        user_may_read_course(
            user=user, course=course, enrolment=enrolment_for(user=user, course=course)
        )
        for course in courses
    )


def personal_data(*, user) -> dict:
    """The user's course records as plain JSON for their data export."""
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .prefetch_related("lesson_completions__lesson", "quiz_attempts__quiz")
        .order_by("enrolled_at")
    )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "courses": [
            {
                "course": enrolment.course.title,
                "status": enrolment.status,
                "enrolled_at": iso(enrolment.enrolled_at),
                "completed_at": iso(enrolment.completed_at),
                "cancelled_at": iso(enrolment.cancelled_at),
                "lessons_completed": [
                    {"lesson": c.lesson.title, "at": iso(c.completed_at)}
                    for c in enrolment.lesson_completions.all()
                ],
                "quiz_attempts": [
                    {
                        "quiz": a.quiz.title,
                        "number": a.number,
                        "score": a.score,
                        "passed": a.passed,
                        "started_at": iso(a.started_at),
                        "submitted_at": iso(a.submitted_at),
                    }
                    for a in enrolment.quiz_attempts.all()
                ],
            }
            for enrolment in enrolments
        ]
    }
