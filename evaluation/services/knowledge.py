"""Pre-tests and post-tests: taken online (scored here) or entered from paper."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from courses.scoring import answers_clean, answers_score
from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from .. import selectors
from ..errors import EvaluationError
from ..models import SourceKind, TestPhase, TestResult
from ..signals import post_test_taken
from ..sources import Source, course_lessons_done, is_participant
from .outcomes import plan_ensure, source_require

# One title per phase (not "%(test)s: %(title)s"): the phase's label is lower
# case inside a sentence and each language capitalises its own title.
_INVITATION_TITLES = {
    TestPhase.PRE: N_("Test przed zajęciami: %(title)s"),
    TestPhase.POST: N_("Test po zajęciach: %(title)s"),
}


def score_answers(*, questions: dict, answers) -> tuple[dict, int]:
    """Clean ``answers`` ({question id: [choice ids]}) against the bank's
    ``question_map()`` and score them as the course quizzes do: a question
    counts when exactly the correct choices are chosen. Returns (clean
    answers, score in percent). Raises EvaluationError "invalid_answer"."""
    clean = answers_clean(questions=questions, answers=answers)
    if clean is None:
        raise EvaluationError(
            "invalid_answer",
            _("Odpowiedzi nie pasują do pytań tego testu. Odśwież stronę."),
        )
    _results, score = answers_score(questions=questions, clean=clean)
    return clean, score


def _check_timing(*, source: Source, user, phase: str, plan, now) -> None:
    if phase == TestPhase.POST:
        if source.is_event:
            if source.ends_at is None or now < source.ends_at:
                raise EvaluationError(
                    "too_early",
                    _(
                        "Test po szkoleniu można rozwiązać dopiero po zakończeniu "
                        "wydarzenia."
                    ),
                )
        elif not course_lessons_done(source=source, user=user):
            raise EvaluationError(
                "too_early",
                _("Test końcowy otworzy się po ukończeniu wszystkich lekcji kursu."),
            )
    elif TestResult.objects.filter(plan=plan, user=user, phase=TestPhase.POST).exists():
        raise EvaluationError(
            "too_late",
            _("Test wstępny nie jest już dostępny: test końcowy rozwiązano."),
        )


@transaction.atomic
def knowledge_test_submit(
    *, user: User, source_kind: str, source_id: int, phase: str, answers, now=None
) -> TestResult:
    """Score a participant's pre- or post-test on the server and keep it.
    One result per person and phase. The pre-test never blocks anything;
    the post-test opens after the event ends (or the course's lessons are
    done) and, when the plan requires it, completes the course.

    Raises EvaluationError "not_found", "no_question_bank", "not_participant",
    "too_early", "too_late", "already_taken", "invalid_answer"; nothing is
    stored then."""
    now = now or timezone.now()
    if phase not in TestPhase.values:
        raise EvaluationError("not_found", _("Nie ma takiego testu."))
    source = source_require(source_kind=source_kind, source_id=source_id)
    plan = plan_ensure(source=source)
    if plan.question_bank is None:
        raise EvaluationError(
            "no_question_bank", _("Dla tych zajęć nie przygotowano testu.")
        )
    if not is_participant(source=source, user=user):
        raise EvaluationError(
            "not_participant", _("Test rozwiązują uczestnicy tych zajęć.")
        )
    if TestResult.objects.filter(plan=plan, user=user, phase=phase).exists():
        raise EvaluationError("already_taken", _("Ten test został już rozwiązany."))
    _check_timing(source=source, user=user, phase=phase, plan=plan, now=now)
    clean, score = score_answers(
        questions=plan.question_bank.specific.question_map(), answers=answers
    )
    try:
        with transaction.atomic():
            result = TestResult.objects.create(
                plan=plan,
                user=user,
                phase=phase,
                answers=clean,
                score=score,
                submitted_at=now,
            )
    except IntegrityError as error:  # the same person twice at once
        raise EvaluationError(
            "already_taken", _("Ten test został już rozwiązany.")
        ) from error
    audit_log(
        actor=user,
        action=f"evaluation.test.{phase}_submitted",
        obj=result,
        data={"score": score},
    )
    if phase == TestPhase.POST:
        _post_test_announce(user=user, source=source)
    return result


def _post_test_announce(*, user: User, source: Source) -> None:
    """A required post-test may have been the last thing missing: a course
    completes now; an event's certificate (held back by the plan) is issued
    once the result is committed."""
    if source.kind == SourceKind.COURSE:
        from courses.models import CoursePage
        from courses.services import enrolment_completion_recheck

        enrolment_completion_recheck(
            user=user, course=CoursePage.objects.get(pk=source.id)
        )
    user_id, kind, sid = user.pk, source.kind, source.id
    transaction.on_commit(
        lambda: post_test_taken.send(
            sender=TestResult, user_id=user_id, source_kind=kind, source_id=sid
        )
    )


@transaction.atomic
def paper_result_enter(
    *,
    actor: User,
    source_kind: str,
    source_id: int,
    participant: User,
    phase: str,
    score,
    now=None,
) -> TestResult:
    """A coordinator types in the score of a test taken on paper (0–100 %).
    A paper score may be corrected; an online result is never overwritten.

    Raises EvaluationError "not_allowed", "not_participant", "invalid_score",
    "too_early", "already_taken"."""
    now = now or timezone.now()
    source = source_require(source_kind=source_kind, source_id=source_id)
    if not selectors.user_may_manage(user=actor, source=source):
        raise EvaluationError(
            "not_allowed", _("Wyniki testów papierowych wpisują koordynatorzy.")
        )
    if phase not in TestPhase.values:
        raise EvaluationError("not_found", _("Nie ma takiego testu."))
    try:
        score = int(str(score).strip())
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 100:
        raise EvaluationError(
            "invalid_score", _("Wynik podaj w procentach, od 0 do 100.")
        )
    if not is_participant(source=source, user=participant):
        raise EvaluationError(
            "not_participant", _("Ta osoba nie jest uczestnikiem tych zajęć.")
        )
    plan = plan_ensure(source=source)
    if phase == TestPhase.POST and source.is_event:
        _check_timing(source=source, user=participant, phase=phase, plan=plan, now=now)
    result = (
        TestResult.objects.select_for_update()
        .filter(plan=plan, user=participant, phase=phase)
        .first()
    )
    if result is not None and result.entered_by_id is None:
        raise EvaluationError(
            "already_taken",
            _("Ten uczestnik rozwiązał już ten test online; wyniku nie zmieniamy."),
        )
    if result is None:
        result = TestResult(plan=plan, user=participant, phase=phase)
    previous = result.score if result.pk else None
    result.score = score
    result.answers = {}
    result.submitted_at = now
    result.entered_by = actor
    result.save()
    audit_log(
        actor=actor,
        action="evaluation.test.paper_entered",
        obj=result,
        data={"phase": phase, "score": score, "previous": previous},
    )
    if phase == TestPhase.POST:
        _post_test_announce(user=participant, source=source)
    return result


@transaction.atomic
def knowledge_test_invite(
    *, actor: User, source_kind: str, source_id: int, phase: str
) -> int:
    """Send every participant who has not taken the test yet its link (a
    notification, shown on the site and pushed live). Returns how many.

    Raises EvaluationError "not_found", "not_allowed", "no_question_bank"."""
    from szkola.live.services import notify

    from ..sources import participant_ids

    if phase not in TestPhase.values:
        raise EvaluationError("not_found", _("Nie ma takiego testu."))
    source = source_require(source_kind=source_kind, source_id=source_id)
    if not selectors.user_may_manage(user=actor, source=source):
        raise EvaluationError(
            "not_allowed", _("Zaproszenia do testów wysyłają koordynatorzy.")
        )
    plan = plan_ensure(source=source)
    if plan.question_bank is None:
        raise EvaluationError(
            "no_question_bank", _("Najpierw wybierz bank pytań w ustawieniach.")
        )
    taken = set(
        TestResult.objects.filter(plan=plan, phase=phase).values_list(
            "user_id", flat=True
        )
    )
    waiting = [uid for uid in participant_ids(source=source) if uid not in taken]
    url = selectors.knowledge_test_path(
        source_kind=source.kind, source_id=source.id, phase=phase
    )
    for user in User.objects.filter(pk__in=waiting):
        notify(
            user,
            title=Text(_INVITATION_TITLES[phase], {"title": source.title}),
            body=Text(N_("Test zajmuje kilka minut i działa na telefonie.")),
            url=url,
        )
    audit_log(
        actor=actor,
        action="evaluation.test.invited",
        obj=plan,
        data={"phase": phase, "invited": len(waiting)},
    )
    return len(waiting)
