"""Reads of the courses app: who may read what, outlines and progress.

Every function here runs a fixed number of queries whatever the size of the
course: the outline of a course is one query over its subtree.
"""

from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from szkola.accounts.permissions import (
    organiser_scope_q,
    user_is_coordinator,
    user_may_act_on_voivodeship,
)

from . import rules
from .cache import cached
from .models import (
    CourseFormat,
    CoursePage,
    CourseTopic,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    QuizAttempt,
    QuizPage,
)
from .outline import (
    OutlineItem as OutlineItem,
)
from .outline import (
    OutlineModule as OutlineModule,
)
from .outline import (
    Progress as Progress,
)
from .outline import (
    build_outline as build_outline,
)
from .outline import (
    completed_courses as completed_courses,
)
from .outline import (
    content_type_ids as content_type_ids,
)
from .outline import (
    course_outline as course_outline,
)
from .outline import (
    course_outline_url as course_outline_url,
)
from .outline import (
    course_progress_of_users as course_progress_of_users,
)
from .outline import (
    done_sets as done_sets,
)
from .outline import (
    flat_items as flat_items,
)
from .outline import (
    mark_done as mark_done,
)
from .outline import (
    next_item as next_item,
)
from .outline import (
    outline_requirements as outline_requirements,
)
from .outline import (
    outline_rows as outline_rows,
)
from .outline import (
    outline_ticked as outline_ticked,
)

STEPLEN = Page.steplen


# --- Pages -----------------------------------------------------------------


def page_by_url_path(*, url_path: str, levels: int) -> Page | None:
    """The specific page at ``url_path``, ``levels`` below a catalogue, or
    None. The tree rules fix the type by level, so a lesson costs one query
    (a quiz two)."""
    models = {1: [CoursePage], 2: [ModulePage], 3: [LessonPage, QuizPage]}
    for model in models.get(levels, []):
        page = model.objects.filter(url_path=url_path).first()
        if page is not None:
            return page
    return None


def course_organiser_for(*, page: Page) -> str | None:
    """The organiser of the course that ``page`` is (or belongs to)."""
    prefixes = [page.path[: n * STEPLEN] for n in range(1, page.depth + 1)]
    return (
        CoursePage.objects.filter(path__in=prefixes)
        .values_list("organiser", flat=True)
        .first()
    )


def course_pages_in_scope(*, user):
    """Every page of the courses whose organiser is in the user's scope."""
    return _descendants_of(CoursePage.objects.filter(organiser_scope_q(user)))


def _descendants_of(courses):
    paths = list(courses.values_list("path", flat=True))
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    return Page.objects.filter(query)


def course_for_page(*, page: Page) -> CoursePage | None:
    """The course a module, lesson or quiz belongs to (cached)."""
    prefixes = [page.path[: n * STEPLEN] for n in range(1, page.depth)]

    def compute():
        course = CoursePage.objects.filter(path__in=prefixes).first()
        return course if course is not None else False

    return cached(f"course-of:{page.path}", compute) or None


def view_restrictions_for(*, page: Page):
    """View restrictions of ``page`` and its ancestors, as a queryset whose
    results come from the cache: serving a page iterates it without a query,
    while the admin's ``.order_by()``/``.exists()`` run fresh queries."""
    from wagtail.models import PageViewRestriction

    prefixes = [page.path[: n * STEPLEN] for n in range(1, page.depth + 1)]
    queryset = PageViewRestriction.objects.filter(page__path__in=prefixes)
    queryset._result_cache = cached(
        f"restrictions:{page.path}", lambda: list(queryset.all())
    )
    return queryset


def _as_datetime(value):
    # Raw SQL skips Django's converters: SQLite gives naive UTC datetimes (or
    # text), PostgreSQL aware ones.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _state_sql() -> str:
    enrolment = Enrolment._meta.db_table
    completion = LessonCompletion._meta.db_table
    attempt = QuizAttempt._meta.db_table
    return (
        f"SELECT 'e', id, status, enrolled_at, completed_at FROM {enrolment} "
        "WHERE user_id = %s AND course_id = %s "
        f"UNION ALL SELECT 'l', c.lesson_id, '', NULL, NULL FROM {completion} c "
        f"JOIN {enrolment} e ON c.enrolment_id = e.id "
        "WHERE e.user_id = %s AND e.course_id = %s "
        f"UNION ALL SELECT 'q', a.quiz_id, '', NULL, NULL FROM {attempt} a "
        f"JOIN {enrolment} e ON a.enrolment_id = e.id "
        "WHERE e.user_id = %s AND e.course_id = %s AND a.passed = %s"
    )


def user_course_state(*, user, course: CoursePage):
    """(enrolment or None, completed lesson ids, passed quiz ids) of ``user``
    in ``course``, in one query. Plain SQL: this runs on every lesson view
    and the ORM's compilation of the same UNION costs more than the query."""
    if not user.is_authenticated or course is None:
        return None, set(), set()
    ids = [user.pk, course.pk]
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [*ids, *ids, *ids, True])
        rows = cursor.fetchall()
    enrolment, lessons, quizzes = None, set(), set()
    for kind, pk, status, enrolled_at, completed_at in rows:
        if kind == "e":
            enrolment = Enrolment(
                id=pk,
                user=user,
                course=course,
                status=status,
                enrolled_at=_as_datetime(enrolled_at),
                completed_at=_as_datetime(completed_at),
            )
        elif kind == "l":
            lessons.add(pk)
        else:
            quizzes.add(pk)
    return enrolment, lessons, quizzes


# --- Access ----------------------------------------------------------------


def enrolment_for(*, user, course: CoursePage) -> Enrolment | None:
    """The user's enrolment in the course (cancelled ones included)."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def user_is_course_trainer(*, user, course: CoursePage) -> bool:
    if not user.is_authenticated:
        return False
    return CoursePage.trainers.through.objects.filter(
        coursepage_id=course.pk, user_id=user.pk
    ).exists()


def user_may_manage_course(*, user, course: CoursePage) -> bool:
    """The coordinators of the course's organiser (the leader's team: of
    every course), superusers and the course's own trainers: the progress
    report and its exports."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_may_act_on_voivodeship(user, course.organiser):
        return True
    return user_is_course_trainer(user=user, course=course)


def user_may_read_course(
    *, user, course: CoursePage, enrolment: Enrolment | None = None
) -> bool:
    """May ``user`` read the course's lessons and quizzes?

    Enrolled participants (also after completing), the course's trainers and
    coordinators. Pass a known ``enrolment`` to save a query."""
    if not user.is_authenticated or not user.is_active:
        return False
    if enrolment is not None and enrolment.user_id == user.pk and enrolment.is_active:
        return True
    # Reading a course is not acting on it: every coordinator may read the
    # programme's courses; managing them follows the organiser.
    if user_is_coordinator(user):
        return True
    return user_may_manage_course(user=user, course=course)


# --- Page contexts ---------------------------------------------------------


def enrolment_window_open(*, course: CoursePage, now=None) -> bool:
    now = now or timezone.now()
    if course.enrolment_opens_at and now < course.enrolment_opens_at:
        return False
    if course.enrolment_closes_at and now > course.enrolment_closes_at:
        return False
    return True


def seats_taken(*, course: CoursePage) -> int:
    return course.enrolments.exclude(status=Enrolment.Status.CANCELLED).count()


def course_page_context(*, course: CoursePage, user, request=None) -> dict:
    enrolment = enrolment_for(user=user, course=course)
    modules, progress = course_outline(
        course=course, enrolment=enrolment, request=request
    )
    seats_left = None
    if course.capacity is not None:
        seats_left = max(course.capacity - seats_taken(course=course), 0)
    active = enrolment is not None and enrolment.is_active
    return {
        "enrolment": enrolment if active else None,
        "may_read": active
        or user_may_read_course(user=user, course=course, enrolment=enrolment),
        "modules": modules,
        "progress": progress,
        "next_item": next_item(modules) if active else None,
        "trainers": list(course.trainers.all()),
        "window_open": enrolment_window_open(course=course),
        "seats_left": seats_left,
        "lesson_count": sum(1 for i in flat_items(modules) if i.kind == "lesson"),
        "quiz_count": sum(1 for i in flat_items(modules) if i.kind == "quiz"),
    }


def private_page_context(*, page, request) -> dict:
    """Context of a module, lesson or quiz page, with ``may_read``."""
    user = request.user
    course = course_for_page(page=page)
    enrolment, lessons, quizzes = user_course_state(user=user, course=course)
    may_read = course is not None and user_may_read_course(
        user=user, course=course, enrolment=enrolment
    )
    context = {
        "page": page,
        "self": page,
        "request": request,
        "course": course,
        "may_read": may_read,
        "enrolment": enrolment if enrolment and enrolment.is_active else None,
    }
    if not may_read:
        context["window_open"] = course is not None and enrolment_window_open(
            course=course
        )
        return context
    if context["enrolment"] is None:
        lessons, quizzes = set(), set()
    course_url = course_outline_url(course, request)
    context["catalogue_url"] = course_url.rstrip("/").rsplit("/", 1)[0] + "/"
    modules, progress = outline_ticked(
        course=course, lessons=lessons, quizzes=quizzes, request=request
    )
    items = flat_items(modules)
    position = next((n for n, item in enumerate(items) if item.id == page.pk), None)
    context.update(
        modules=modules,
        progress=progress,
        current=items[position] if position is not None else None,
        previous_item=items[position - 1] if position else None,
        next_item=(
            items[position + 1]
            if position is not None and position + 1 < len(items)
            else None
        ),
    )
    if isinstance(page, QuizPage):
        context.update(quiz_context(quiz=page, enrolment=context["enrolment"]))
    return context


def quiz_context(*, quiz: QuizPage, enrolment: Enrolment | None) -> dict:
    """Attempts so far and, for an open attempt, the questions without the
    information which answers are correct."""
    attempts = (
        list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz))
        if enrolment
        else []
    )
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    questions = []
    if open_attempt is not None:
        by_id = quiz.question_map()
        for qid in open_attempt.question_order:
            question = by_id.get(qid)
            if question is None:
                continue
            questions.append(
                {
                    "id": qid,
                    "text": question["text"],
                    "kind": question["kind"],
                    "choices": [
                        {"id": cid, "text": text}
                        for cid, (text, _correct) in question["choices"].items()
                    ],
                }
            )
    submitted = [a for a in attempts if a.submitted_at is not None]
    return {
        "attempts": submitted,
        "open_attempt": open_attempt,
        "questions": questions,
        "passed": any(a.passed for a in submitted),
        # An open, unsent attempt uses up nothing (rules.attempts_left).
        "attempts_left": rules.attempts_left(
            max_attempts=quiz.max_attempts, submitted=len(submitted)
        ),
    }


# --- Catalogue and my courses ----------------------------------------------


def catalogue_for(*, index, user, topic: str = "", format: str = "") -> dict:
    courses = CoursePage.objects.child_of(index).live().order_by("path")
    if topic in CourseTopic.values:
        courses = courses.filter(topic=topic)
    else:
        topic = ""
    if format in CourseFormat.values:
        courses = courses.filter(format=format)
    else:
        format = ""
    courses = list(courses.defer_streamfields())
    statuses = {}
    if user.is_authenticated and courses:
        statuses = dict(
            Enrolment.objects.filter(user=user, course__in=courses).values_list(
                "course_id", "status"
            )
        )
    for course in courses:
        course.my_status = statuses.get(course.pk, "")
    return {
        "courses": courses,
        "topics": CourseTopic.choices,
        "formats": CourseFormat.choices,
        "selected_topic": topic,
        "selected_format": format,
    }


@dataclass
class MyCourse:
    enrolment: Enrolment
    course: CoursePage
    progress: Progress
    next_item: OutlineItem | None


def my_courses(*, user, request=None) -> list[MyCourse]:
    """The user's active and completed enrolments with progress (four
    queries whatever the number of courses)."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("course")
        .defer("course__description")
        .order_by("-enrolled_at")
    )
    courses = [e.course for e in enrolments]
    rows = outline_rows(courses)
    lessons, quizzes = done_sets([e.pk for e in enrolments])
    result = []
    for enrolment in enrolments:
        modules = build_outline(
            enrolment.course, rows, course_outline_url(enrolment.course, request)
        )
        progress = mark_done(modules, enrolment.pk, lessons, quizzes)
        result.append(
            MyCourse(
                enrolment=enrolment,
                course=enrolment.course,
                progress=progress,
                next_item=next_item(modules),
            )
        )
    return result
