"""Course trees and enrolments for tests."""

import itertools
import json
import uuid
from decimal import Decimal

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    QuizPage,
)
from szkola.accounts.tests.factories import (  # noqa: F401 - re-exported
    PASSWORD,
    coordinator_create,
    mark_session_mfa,
    trainer_create,
    user_create,
)
from szkola.home.tests.factories import home_page

_counter = itertools.count(1)


def index_create(*, slug: str = "kursy") -> CourseIndexPage:
    existing = CourseIndexPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    index = CourseIndexPage(title="Kursy", slug=slug, intro="Katalog kursów online.")
    home_page().add_child(instance=index)
    return index


def question(text: str, choices: list[tuple[str, bool]], kind: str = "single") -> dict:
    return {
        "type": "question",
        "id": str(uuid.uuid4()),
        "value": {
            "text": text,
            "kind": kind,
            "feedback": f"Wyjaśnienie: {text}",
            "choices": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {"text": t, "correct": c},
                }
                for t, c in choices
            ],
        },
    }


def default_questions() -> list[dict]:
    return [
        question(
            "Kto tworzy PZK?", [("Gmina i powiat", True), ("Tylko policja", False)]
        ),
        question(
            "Które instytucje współpracują?",
            [("OPS", True), ("PCPR", True), ("Biuro podróży", False)],
            kind="multiple",
        ),
    ]


def course_create(
    *,
    index: CourseIndexPage | None = None,
    title: str | None = None,
    modules: int = 1,
    lessons_per_module: int = 2,
    quiz: bool = True,
    trainers=(),
    **fields,
) -> CoursePage:
    """A live course with modules of lessons and, in the last module, a quiz."""
    index = index or index_create()
    n = next(_counter)
    fields.setdefault("summary", "Kurs o współpracy instytucji w gminie.")
    fields.setdefault("hours", Decimal("4.0"))
    fields.setdefault("organiser", "18")
    course = CoursePage(title=title or f"Kurs {n}", slug=f"kurs-{n}", **fields)
    if trainers:
        # Kept on the unsaved page and written with it (one save, not two).
        course.trainers.set(trainers)
    index.add_child(instance=course)
    for m in range(1, modules + 1):
        module = ModulePage(title=f"Moduł {m}", slug=f"modul-{m}", hours=Decimal("2.0"))
        course.add_child(instance=module)
        for lesson_n in range(1, lessons_per_module + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Lekcja {m}.{lesson_n}",
                    slug=f"lekcja-{m}-{lesson_n}",
                    body=json.dumps(
                        [
                            {
                                "type": "paragraph",
                                "value": f"<p>Tajna treść lekcji {m}.{lesson_n} kursu {n}.</p>",
                            }
                        ]
                    ),
                )
            )
        if quiz and m == modules:
            module.add_child(
                instance=QuizPage(
                    title="Test końcowy",
                    slug="test",
                    questions=json.dumps(default_questions()),
                    pass_mark=100,
                    max_attempts=3,
                )
            )
    return course


def lessons_of(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def quiz_of(course: CoursePage) -> QuizPage:
    return QuizPage.objects.descendant_of(course).get()


def answers_for(quiz: QuizPage, *, correct: bool = True) -> dict[str, list[str]]:
    answers = {}
    for qid, q in quiz.question_map().items():
        chosen = [cid for cid, (_t, ok) in q["choices"].items() if ok == correct]
        if q["kind"] == "single":
            chosen = chosen[:1]
        answers[qid] = chosen
    return answers
