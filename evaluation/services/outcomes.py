"""The standard: learning outcomes, plan settings, who taught, who assesses."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_assess_voivodeship
from szkola.accounts.services import audit_log

from .. import selectors
from ..errors import EvaluationError
from ..models import (
    EvaluationPlan,
    LearningOutcome,
    OutcomeCategory,
    OutcomeVersion,
    VerificationMethod,
)
from ..sources import Source, has_started, source_get

MAX_OUTCOMES = 30


def source_require(*, source_kind: str, source_id) -> Source:
    source = source_get(kind=source_kind, source_id=source_id)
    if source is None:
        raise EvaluationError("not_found", _("Nie znaleziono kursu ani wydarzenia."))
    return source


def plan_ensure(*, source: Source, lock: bool = False) -> EvaluationPlan:
    """The plan of a source, created empty the first time it is needed."""
    plan, _created = EvaluationPlan.objects.get_or_create(
        source_kind=source.kind, source_id=source.id
    )
    if lock:
        plan = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    return plan


REASON_MAX_LENGTH = 2000


def _clean_outcomes(outcomes) -> list[dict]:
    invalid = EvaluationError(
        "invalid_outcomes",
        _(
            "Każdy efekt musi mieć kategorię, treść, kryteria i metodę "
            "weryfikacji (najwyżej %(max)d efektów)."
        )
        % {"max": MAX_OUTCOMES},
    )
    if not isinstance(outcomes, list) or len(outcomes) > MAX_OUTCOMES:
        raise invalid
    clean = []
    for item in outcomes:
        if not isinstance(item, dict):
            raise invalid
        row = {
            "id": item.get("id") or None,
            "category": str(item.get("category") or ""),
            "text": str(item.get("text") or "").strip(),
            "criteria": str(item.get("criteria") or "").strip(),
            "method": str(item.get("method") or ""),
        }
        if (
            row["category"] not in OutcomeCategory.values
            or row["method"] not in VerificationMethod.values
            or not row["text"]
            or not row["criteria"]
            or len(row["text"]) > 2000
            or len(row["criteria"]) > 2000
        ):
            raise invalid
        try:
            row["id"] = int(row["id"]) if row["id"] else None
        except (TypeError, ValueError) as error:
            raise invalid from error
        clean.append(row)
    return clean


@transaction.atomic
def outcomes_save(
    *,
    actor: User,
    source_kind: str,
    source_id: int,
    outcomes: list[dict],
    reason: str = "",
) -> EvaluationPlan:
    """Replace the learning outcomes of a course or event with ``outcomes``
    ([{"id"?, "category", "text", "criteria", "method"}], in order). Rows
    with an id keep it (and their assessments); others are added; missing
    ones are removed. Each save is a new version kept in the history.

    Once the first participant has started (an enrolment, a confirmed
    place) the standard is frozen: a change needs a ``reason`` and is
    audited as a change after the start.

    Raises EvaluationError "not_found", "not_allowed", "invalid_outcomes",
    "frozen_reason_required", "reason_too_long"; nothing is changed then."""
    source = source_require(source_kind=source_kind, source_id=source_id)
    plan = plan_ensure(source=source, lock=True)
    if not selectors.user_may_edit_outcomes(user=actor, source=source, plan=plan):
        raise EvaluationError(
            "not_allowed",
            _("Efekty uczenia się mogą zmieniać trenerzy tego kursu i koordynatorzy."),
        )
    clean = _clean_outcomes(outcomes)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise EvaluationError(
            "reason_too_long",
            _("Powód zmiany może mieć najwyżej %(max)s znaków.")
            % {"max": REASON_MAX_LENGTH},
        )
    started = has_started(source=source)
    before = selectors.outcome_dicts(plan=plan)
    if started and not reason:
        raise EvaluationError(
            "frozen_reason_required",
            _(
                "Efekty są zamrożone, bo uczestnicy już rozpoczęli udział. "
                "Podaj powód zmiany."
            ),
        )
    existing = {o.pk: o for o in plan.outcomes.all()}
    if any(row["id"] and row["id"] not in existing for row in clean):
        raise EvaluationError(
            "invalid_outcomes",
            _("Lista efektów zmieniła się w międzyczasie. Odśwież stronę."),
        )
    kept = set()
    for position, row in enumerate(clean):
        outcome = existing.get(row["id"]) if row["id"] else None
        if outcome is None:
            outcome = LearningOutcome(plan=plan)
        outcome.category = row["category"]
        outcome.text = row["text"]
        outcome.criteria = row["criteria"]
        outcome.method = row["method"]
        outcome.position = position
        outcome.save()
        kept.add(outcome.pk)
    plan.outcomes.exclude(pk__in=kept).delete()
    after = selectors.outcome_dicts(plan=plan)
    if _comparable(after) == _comparable(before):
        return plan
    had_versions = plan.versions.exists()
    plan.outcomes_version = plan.outcomes_version + 1 if had_versions else 1
    plan.save(update_fields=["outcomes_version"])
    OutcomeVersion.objects.create(
        plan=plan,
        version=plan.outcomes_version,
        outcomes=after,
        reason=reason,
        after_start=started,
        saved_at=timezone.now(),
        saved_by=actor,
    )
    audit_log(
        actor=actor,
        action=(
            "evaluation.outcomes.changed_after_start"
            if started
            else "evaluation.outcomes.saved"
        ),
        obj=plan,
        data={
            "version": plan.outcomes_version,
            "reason": reason,
            "before": before,
            "after": after,
        },
    )
    return plan


def _comparable(rows: list[dict]) -> list[tuple]:
    return [(r["category"], r["text"], r["criteria"], r["method"]) for r in rows]


@transaction.atomic
def plan_settings_update(
    *,
    actor: User,
    source_kind: str,
    source_id: int,
    question_bank_id: int | None,
    post_test_required: bool,
    certificate_requires_assessment: bool,
) -> EvaluationPlan:
    """Set the question bank and the two requirements of a plan.

    Raises EvaluationError "not_found", "not_allowed", "no_question_bank"."""
    from courses.models import QuizPage

    source = source_require(source_kind=source_kind, source_id=source_id)
    if not selectors.user_may_manage(user=actor, source=source):
        raise EvaluationError(
            "not_allowed", _("Ustawienia ewaluacji zmieniają koordynatorzy.")
        )
    plan = plan_ensure(source=source, lock=True)
    bank = None
    if question_bank_id:
        bank = QuizPage.objects.filter(pk=question_bank_id).first()
        if bank is None:
            raise EvaluationError("no_question_bank", _("Nie ma takiego testu."))
    if post_test_required and bank is None:
        raise EvaluationError(
            "no_question_bank",
            _("Wymagany test końcowy potrzebuje banku pytań: wybierz test."),
        )
    plan.question_bank = bank
    plan.post_test_required = bool(post_test_required)
    plan.certificate_requires_assessment = bool(certificate_requires_assessment)
    plan.save(
        update_fields=[
            "question_bank",
            "post_test_required",
            "certificate_requires_assessment",
        ]
    )
    audit_log(
        actor=actor,
        action="evaluation.plan.settings_changed",
        obj=plan,
        data={
            "question_bank": bank.pk if bank else None,
            "post_test_required": plan.post_test_required,
            "certificate_requires_assessment": plan.certificate_requires_assessment,
        },
    )
    return plan


@transaction.atomic
def plan_people_set(
    *,
    actor: User,
    source_kind: str,
    source_id: int,
    teaching_staff: list[User],
    assessors: list[User],
) -> EvaluationPlan:
    """Record who taught and who assesses. An assessor may never be someone
    who taught this course or event (the course's trainers, the teaching
    staff, an event speaker of the same name).

    Every assessor must hold the assessor role for the source's voivodeship.

    Raises EvaluationError "not_found", "not_allowed", "assessor_taught",
    "not_assessor_role"."""
    source = source_require(source_kind=source_kind, source_id=source_id)
    if not selectors.user_may_manage(user=actor, source=source):
        raise EvaluationError(
            "not_allowed", _("Asesorów i prowadzących wskazują koordynatorzy.")
        )
    plan = plan_ensure(source=source, lock=True)
    taught = {u.pk for u in teaching_staff} | set(source.trainer_ids)
    for assessor in assessors:
        if assessor.pk in taught or selectors.user_taught(
            user=assessor, source=source, plan=None
        ):
            raise EvaluationError(
                "assessor_taught",
                _(
                    "%(name)s prowadził(a) te zajęcia, więc nie może oceniać ich "
                    "uczestników. Ocena musi być niezależna od nauczania."
                )
                % {"name": assessor.get_full_name() or assessor.email},
            )
    for assessor in assessors:
        if not user_may_assess_voivodeship(assessor, source.organiser):
            raise EvaluationError(
                "not_assessor_role",
                _(
                    "%(name)s nie ma roli asesora w województwie tych zajęć: "
                    "rolę nadaje koordynator."
                )
                % {"name": assessor.get_full_name() or assessor.email},
            )
    plan.teaching_staff.set(teaching_staff)
    plan.assessors.set(assessors)
    audit_log(
        actor=actor,
        action="evaluation.plan.people_set",
        obj=plan,
        data={
            "teaching_staff": sorted(u.pk for u in teaching_staff),
            "assessors": sorted(u.pk for u in assessors),
        },
    )
    return plan
