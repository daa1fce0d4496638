"""Demo data for courses, called by ``seed_demo``. Idempotent.

Builds /kursy/ with three courses (modules, lessons, a quiz each), assigns the
demo trainers and puts demo participants at different stages: just enrolled,
half-way, failed the quiz once, finished. Finishing goes through the services,
so ``course_completed`` is sent and certificates are issued.
"""

import json
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from szkola.accounts.models import User
from szkola.home import demo_people

from .. import services
from ..models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    QuizAttempt,
    QuizPage,
)
from .data import COURSES

# (course index, participant numbers, stage). Stages: "enrolled", "half",
# "failed_once" (all lessons, quiz failed once), "done".
STAGES = [
    (0, [1], "half"),
    (0, [2, 3, 4, 5, 6], "done"),
    (0, [7], "failed_once"),
    (1, [8, 9], "half"),
    (1, [10], "enrolled"),
    (1, [11, 12], "done"),
    (1, [1], "enrolled"),
    (2, [13, 14], "enrolled"),
    (2, [15], "failed_once"),
    (2, [16], "done"),
]
START = datetime(2021, 1, 11, 9, 0)


def _stream(lesson: dict) -> str:
    blocks = [
        {"type": "paragraph", "id": str(uuid.uuid4()), "value": f"<p>{text}</p>"}
        for text in lesson["paragraphs"]
    ]
    if lesson.get("callout"):
        blocks.append(
            {
                "type": "callout",
                "id": str(uuid.uuid4()),
                "value": {
                    "kind": "tip",
                    "title": "Warto zapamiętać",
                    "text": f"<p>{lesson['callout']}</p>",
                },
            }
        )
    return json.dumps(blocks)


def _questions(quiz: list) -> str:
    return json.dumps(
        [
            {
                "type": "question",
                "id": str(uuid.uuid4()),
                "value": {
                    "text": text,
                    "kind": kind,
                    "feedback": feedback,
                    "choices": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {"text": choice, "correct": correct},
                        }
                        for choice, correct in choices
                    ],
                },
            }
            for text, kind, choices, feedback in quiz
        ]
    )


def _index(home, stdout) -> CourseIndexPage:
    index = CourseIndexPage.objects.filter(slug="kursy").first()
    if index is None:
        index = CourseIndexPage(
            title="Kursy online",
            slug="kursy",
            intro=(
                "Kursy Szkoły Kooperacji do samodzielnej nauki: zapisz się, "
                "przejdź lekcje w swoim tempie, rozwiąż test i odbierz zaświadczenie."
            ),
        )
        home.add_child(instance=index)
        stdout.write("  courses: katalog /kursy/\n")
    services.course_index_governance_ensure(index=index)
    return index


def _course(index, spec: dict, trainers: list[User], stdout) -> CoursePage:
    course = CoursePage.objects.filter(slug=spec["slug"]).first()
    if course is not None:
        return course
    course = CoursePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        learning_outcomes=spec["outcomes"],
        prerequisites=spec["prerequisites"],
        topic=spec["topic"],
        format=spec["format"],
        hours=Decimal(spec["hours"]),
        organiser=spec["organiser"],
    )
    index.add_child(instance=course)
    if trainers:
        course.trainers.set([trainers[spec["trainer"] % len(trainers)]])
        course.save_revision().publish()
    for m, module_spec in enumerate(spec["modules"], start=1):
        module = ModulePage(
            title=module_spec["title"],
            slug=f"modul-{m}",
            hours=Decimal(module_spec["hours"]),
        )
        course.add_child(instance=module)
        for n, lesson in enumerate(module_spec["lessons"], start=1):
            module.add_child(
                instance=LessonPage(
                    title=lesson["title"],
                    slug=f"lekcja-{n}",
                    body=_stream(lesson),
                    confirm_reading=bool(lesson.get("confirm")),
                    duration_minutes=20,
                )
            )
        if module_spec.get("quiz"):
            module.add_child(
                instance=QuizPage(
                    title="Test sprawdzający",
                    slug="test",
                    intro="Sprawdź, co zapamiętałaś/zapamiętałeś z kursu.",
                    questions=_questions(module_spec["quiz"]),
                    pass_mark=70,
                    max_attempts=3,
                    shuffle=True,
                )
            )
    services.course_trainers_sync(course=course)
    stdout.write(f"  courses: kurs {course.title}\n")
    return course


def _answers(quiz: QuizPage, *, correct: bool) -> dict:
    answers = {}
    for qid, question in quiz.question_map().items():
        chosen = [cid for cid, (_t, ok) in question["choices"].items() if ok == correct]
        answers[qid] = chosen[:1] if question["kind"] == "single" else chosen
    return answers


def _walk(user: User, course: CoursePage, stage: str, at: datetime) -> None:
    services.enrolment_create(user=user, course=course, now=at)
    if stage == "enrolled":
        return
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    if stage == "half":
        lessons = lessons[: len(lessons) // 2]
    for step, lesson in enumerate(lessons, start=1):
        services.lesson_complete(
            user=user, lesson=lesson, confirmed=True, now=at + timedelta(days=step)
        )
    if stage == "half":
        return
    quiz = QuizPage.objects.descendant_of(course).live().first()
    later = at + timedelta(days=len(lessons) + 1)
    attempt = services.quiz_attempt_start(user=user, quiz=quiz, now=later)
    services.quiz_attempt_submit(
        user=user,
        attempt_id=attempt.pk,
        answers=_answers(quiz, correct=stage == "done"),
        now=later + timedelta(minutes=12),
    )


def seed(*, home=None, stdout) -> None:
    if home is None:
        return
    index = _index(home, stdout)
    trainers = list(
        User.objects.filter(email__in=demo_people.TRAINER_EMAILS).order_by("email")
    )
    courses = [_course(index, spec, trainers, stdout) for spec in COURSES]
    participants = {
        n: User.objects.filter(email=demo_people.PARTICIPANT_EMAILS[n - 1]).first()
        for n in range(1, len(demo_people.PARTICIPANT_EMAILS) + 1)
    }
    walked = 0
    for offset, (course_n, numbers, stage) in enumerate(STAGES):
        course = courses[course_n]
        for n in numbers:
            user = participants.get(n)
            if (
                user is None
                or Enrolment.objects.filter(user=user, course=course).exists()
            ):
                continue
            at = timezone.make_aware(START + timedelta(days=offset * 3 + n))
            _walk(user, course, stage, at)
            walked += 1
    if walked:
        done = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).count()
        attempts = QuizAttempt.objects.count()
        stdout.write(
            f"  courses: {walked} zapisów uczestników demo "
            f"(ukończonych kursów: {done}, podejść do testów: {attempts})\n"
        )
