"""Reads of the courses app: who may read what, outlines and progress.

Every function here runs a fixed number of queries whatever the size of the
course: the outline of a course is one query over its subtree.
"""

from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Max, Q
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


# --- Outline and progress --------------------------------------------------


@dataclass
class OutlineItem:
    id: int
    title: str
    kind: str  # "lesson" or "quiz"
    url: str
    required: bool
    done: bool = False


@dataclass
class OutlineModule:
    id: int
    title: str
    url: str
    items: list[OutlineItem] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.items) and all(item.done for item in self.items)


@dataclass
class Progress:
    total: int
    done: int

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


def _content_type_ids() -> dict[int, str]:
    get = ContentType.objects.get_for_model  # cached by Django after first use
    return {
        get(ModulePage).pk: "module",
        get(LessonPage).pk: "lesson",
        get(QuizPage).pk: "quiz",
    }


def _outline_rows(courses: list[CoursePage]):
    """Live modules, lessons and quizzes under ``courses``, in tree order."""
    if not courses:
        return []
    query = Q()
    for course in courses:
        query |= Q(path__startswith=course.path, depth__gt=course.depth)
    return list(
        Page.objects.filter(query, live=True)
        .order_by("path")
        .values("id", "title", "path", "depth", "url_path", "content_type_id")
        .annotate(optional=Q(lessonpage__required=False))
    )


def _build_outline(course: CoursePage, rows, course_url: str) -> list[OutlineModule]:
    kinds = _content_type_ids()
    modules: list[OutlineModule] = []
    base = course.url_path
    current = None
    current_path = None
    for row in rows:
        if not row["path"].startswith(course.path):
            continue
        kind = kinds.get(row["content_type_id"])
        url = course_url + row["url_path"][len(base) :]
        if kind == "module" and row["depth"] == course.depth + 1:
            current = OutlineModule(id=row["id"], title=row["title"], url=url)
            current_path = row["path"]
            modules.append(current)
        elif kind in ("lesson", "quiz") and current is not None:
            if not row["path"].startswith(current_path):
                continue
            current.items.append(
                OutlineItem(
                    id=row["id"],
                    title=row["title"],
                    kind=kind,
                    url=url,
                    required=kind == "quiz" or not row["optional"],
                )
            )
    return modules


def _done_sets(enrolment_ids: list[int]) -> tuple[set, set]:
    """(lesson_id, enrolment_id) pairs completed and (quiz_id, enrolment_id)
    pairs passed."""
    if not enrolment_ids:
        return set(), set()
    lessons = set(
        LessonCompletion.objects.filter(enrolment_id__in=enrolment_ids).values_list(
            "lesson_id", "enrolment_id"
        )
    )
    quizzes = set(
        QuizAttempt.objects.filter(
            enrolment_id__in=enrolment_ids, passed=True
        ).values_list("quiz_id", "enrolment_id")
    )
    return lessons, quizzes


def _mark_done(modules, enrolment_id, lessons: set, quizzes: set) -> Progress:
    total = done = 0
    for module in modules:
        for item in module.items:
            pairs = lessons if item.kind == "lesson" else quizzes
            item.done = (item.id, enrolment_id) in pairs
            if item.required:
                total += 1
                done += item.done
    return Progress(total=total, done=done)


def _course_url(course: CoursePage, request=None) -> str:
    return course.get_url(request) or course.url_path


def _course_rows(course: CoursePage):
    return cached(f"outline:{course.pk}:{course.path}", lambda: _outline_rows([course]))


def outline_ticked(
    *, course: CoursePage, lessons: set[int], quizzes: set[int], request=None
) -> tuple[list[OutlineModule], Progress]:
    """Modules with their items, ticked from done lesson and quiz ids."""
    modules = _build_outline(course, _course_rows(course), _course_url(course, request))
    progress = _mark_done(
        modules, 0, {(pk, 0) for pk in lessons}, {(pk, 0) for pk in quizzes}
    )
    return modules, progress


def course_outline(
    *, course: CoursePage, enrolment: Enrolment | None, request=None
) -> tuple[list[OutlineModule], Progress]:
    """Modules with their lessons and quizzes, ticked for ``enrolment``."""
    lessons, quizzes = _done_sets([enrolment.pk] if enrolment is not None else [])
    return outline_ticked(
        course=course,
        lessons={pk for pk, _enrolment in lessons},
        quizzes={pk for pk, _enrolment in quizzes},
        request=request,
    )


def outline_requirements(*, course: CoursePage) -> tuple[set[int], set[int]]:
    """Ids of the required lessons and of the quizzes of ``course``. Read
    from the database, not the cache: completion depends on it."""
    modules = _build_outline(course, _outline_rows([course]), "")
    lessons = {
        i.id for m in modules for i in m.items if i.kind == "lesson" and i.required
    }
    quizzes = {i.id for m in modules for i in m.items if i.kind == "quiz"}
    return lessons, quizzes


def next_item(modules: list[OutlineModule]) -> OutlineItem | None:
    for module in modules:
        for item in module.items:
            if not item.done:
                return item
    return None


def _flat(modules):
    return [item for module in modules for item in module.items]


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
        "lesson_count": sum(1 for i in _flat(modules) if i.kind == "lesson"),
        "quiz_count": sum(1 for i in _flat(modules) if i.kind == "quiz"),
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
    course_url = _course_url(course, request)
    context["catalogue_url"] = course_url.rstrip("/").rsplit("/", 1)[0] + "/"
    modules, progress = outline_ticked(
        course=course, lessons=lessons, quizzes=quizzes, request=request
    )
    items = _flat(modules)
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
    rows = _outline_rows(courses)
    lessons, quizzes = _done_sets([e.pk for e in enrolments])
    result = []
    for enrolment in enrolments:
        modules = _build_outline(
            enrolment.course, rows, _course_url(enrolment.course, request)
        )
        progress = _mark_done(modules, enrolment.pk, lessons, quizzes)
        result.append(
            MyCourse(
                enrolment=enrolment,
                course=enrolment.course,
                progress=progress,
                next_item=next_item(modules),
            )
        )
    return result


# --- Reports ---------------------------------------------------------------


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
    private_types = set(_content_type_ids())
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


# --- For the programme app (learning paths, team pages) ----------------------


def completed_courses(*, user_ids: list[int]) -> list[dict]:
    """Courses the given people completed, as plain rows (one query):
    ``{"user_id", "course_id", "title", "hours", "date_from", "date_to"}``."""
    rows = (
        Enrolment.objects.filter(
            user_id__in=user_ids, status=Enrolment.Status.COMPLETED
        )
        .select_related("course")
        .only(
            "user_id", "enrolled_at", "completed_at", "course__title", "course__hours"
        )
        .order_by("completed_at", "pk")
    )
    return [
        {
            "user_id": e.user_id,
            "course_id": e.course_id,
            "title": e.course.title,
            "hours": e.course.hours,
            "date_from": timezone.localdate(e.enrolled_at),
            "date_to": timezone.localdate(e.completed_at or e.enrolled_at),
        }
        for e in rows
    ]


def course_progress_of_users(*, user_ids: list[int]) -> dict[int, list[dict]]:
    """Per person, their enrolments with the share of lessons done (for a
    team page): ``{user_id: [{"title", "status", "percent"}]}`` in a fixed
    number of queries."""
    enrolments = list(
        Enrolment.objects.filter(user_id__in=user_ids)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("course")
        .defer("course__description")
        .order_by("-enrolled_at")
    )
    courses = list({e.course_id: e.course for e in enrolments}.values())
    rows = _outline_rows(courses)
    lessons, quizzes = _done_sets([e.pk for e in enrolments])
    result: dict[int, list[dict]] = {}
    for enrolment in enrolments:
        modules = _build_outline(enrolment.course, rows, "")
        progress = _mark_done(modules, enrolment.pk, lessons, quizzes)
        result.setdefault(enrolment.user_id, []).append(
            {
                "title": enrolment.course.title,
                "status": enrolment.get_status_display(),
                "completed": enrolment.status == Enrolment.Status.COMPLETED,
                "percent": progress.percent,
            }
        )
    return result
