"""Reads for what a participant sees after the work is done: the result of a
quiz attempt and the page that marks the end of a course."""

from dataclasses import dataclass

from . import rules, selectors
from .models import CoursePage, Enrolment, QuizAttempt, QuizPage


def attempt_feedback(
    *, attempt: QuizAttempt, quiz: QuizPage, reveal: bool
) -> list[dict]:
    """Per question of a submitted attempt: its text, whether it was right
    and the participant's own answers. With ``reveal`` also every choice
    marked correct or not, and the trainer's explanation; without it
    neither reaches the template, so nothing in the page gives them away."""
    questions = quiz.question_map()
    feedback = []
    for qid in attempt.question_order or list(questions):
        question = questions.get(qid)
        result = attempt.results.get(qid)
        if question is None or result is None:
            continue
        item = {
            "text": question["text"],
            "correct": result["correct"],
            "chosen": [
                text
                for cid, (text, _ok) in question["choices"].items()
                if cid in result["chosen"]
            ],
        }
        if reveal:
            item["feedback"] = question["feedback"]
            item["choices"] = [
                {"text": text, "chosen": cid in result["chosen"], "right": ok}
                for cid, (text, ok) in question["choices"].items()
            ]
        feedback.append(item)
    return feedback


def attempt_result_context(*, attempt: QuizAttempt) -> dict:
    """Everything the result page of a submitted attempt shows."""
    quiz = attempt.quiz
    state = selectors.quiz_context(quiz=quiz, enrolment=attempt.enrolment)
    reveal = rules.correct_answers_visible(
        setting=quiz.show_correct_answers,
        passed=state["passed"],
        attempts_left=state["attempts_left"],
    )
    course = selectors.course_for_page(page=quiz)
    enrolment = attempt.enrolment
    return {
        **state,
        "attempt": attempt,
        "quiz": quiz,
        "course": course,
        "answers_revealed": reveal,
        "feedback": attempt_feedback(attempt=attempt, quiz=quiz, reveal=reveal),
        "course_completed": enrolment.status == Enrolment.Status.COMPLETED,
    }


@dataclass
class CompletionSummary:
    enrolment: Enrolment
    course: CoursePage
    modules: list
    lesson_count: int
    quiz_scores: list[dict]


def completion_summary(*, user, course: CoursePage, request=None):
    """What the participant completed in ``course``, or None when they have
    not completed it (or are not enrolled)."""
    enrolment = selectors.enrolment_for(user=user, course=course)
    if enrolment is None or enrolment.status != Enrolment.Status.COMPLETED:
        return None
    modules, _progress = selectors.course_outline(
        course=course, enrolment=enrolment, request=request
    )
    for module in modules:
        module.items = [item for item in module.items if item.done]
    modules = [module for module in modules if module.items]
    best = {}
    for attempt in QuizAttempt.objects.filter(
        enrolment=enrolment, passed=True
    ).select_related("quiz"):
        if (
            attempt.quiz_id not in best
            or attempt.score > best[attempt.quiz_id]["score"]
        ):
            best[attempt.quiz_id] = {
                "title": attempt.quiz.title,
                "score": attempt.score,
            }
    return CompletionSummary(
        enrolment=enrolment,
        course=course,
        modules=modules,
        lesson_count=sum(
            1 for m in modules for item in m.items if item.kind == "lesson"
        ),
        quiz_scores=list(best.values()),
    )
