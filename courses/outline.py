"""A course's outline (modules with their lessons and quizzes) and a
person's progress through it: what is done, what is required to complete,
what comes next. Handed on by ``selectors``, which other modules ask."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from .cache import cached
from .models import (
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    QuizAttempt,
    QuizPage,
)


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


def content_type_ids() -> dict[int, str]:
    get = ContentType.objects.get_for_model  # cached by Django after first use
    return {
        get(ModulePage).pk: "module",
        get(LessonPage).pk: "lesson",
        get(QuizPage).pk: "quiz",
    }


def outline_rows(courses: list[CoursePage]):
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


def build_outline(course: CoursePage, rows, course_url: str) -> list[OutlineModule]:
    kinds = content_type_ids()
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


def done_sets(enrolment_ids: list[int]) -> tuple[set, set]:
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


def mark_done(modules, enrolment_id, lessons: set, quizzes: set) -> Progress:
    total = done = 0
    for module in modules:
        for item in module.items:
            pairs = lessons if item.kind == "lesson" else quizzes
            item.done = (item.id, enrolment_id) in pairs
            if item.required:
                total += 1
                done += item.done
    return Progress(total=total, done=done)


def course_outline_url(course: CoursePage, request=None) -> str:
    return course.get_url(request) or course.url_path


def _course_rows(course: CoursePage):
    return cached(f"outline:{course.pk}:{course.path}", lambda: outline_rows([course]))


def outline_ticked(
    *, course: CoursePage, lessons: set[int], quizzes: set[int], request=None
) -> tuple[list[OutlineModule], Progress]:
    """Modules with their items, ticked from done lesson and quiz ids."""
    modules = build_outline(
        course, _course_rows(course), course_outline_url(course, request)
    )
    progress = mark_done(
        modules, 0, {(pk, 0) for pk in lessons}, {(pk, 0) for pk in quizzes}
    )
    return modules, progress


def course_outline(
    *, course: CoursePage, enrolment: Enrolment | None, request=None
) -> tuple[list[OutlineModule], Progress]:
    """Modules with their lessons and quizzes, ticked for ``enrolment``."""
    lessons, quizzes = done_sets([enrolment.pk] if enrolment is not None else [])
    return outline_ticked(
        course=course,
        lessons={pk for pk, _enrolment in lessons},
        quizzes={pk for pk, _enrolment in quizzes},
        request=request,
    )


def outline_requirements(*, course: CoursePage) -> tuple[set[int], set[int]]:
    """Ids of the required lessons and of the quizzes of ``course``. Read
    from the database, not the cache: completion depends on it."""
    modules = build_outline(course, outline_rows([course]), "")
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


def flat_items(modules):
    return [item for module in modules for item in module.items]


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
    rows = outline_rows(courses)
    lessons, quizzes = done_sets([e.pk for e in enrolments])
    result: dict[int, list[dict]] = {}
    for enrolment in enrolments:
        modules = build_outline(enrolment.course, rows, "")
        progress = mark_done(modules, enrolment.pk, lessons, quizzes)
        result.setdefault(enrolment.user_id, []).append(
            {
                "title": enrolment.course.title,
                "status": enrolment.get_status_display(),
                "completed": enrolment.status == Enrolment.Status.COMPLETED,
                "percent": progress.percent,
            }
        )
    return result
