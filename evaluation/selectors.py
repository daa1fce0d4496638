"""Reads and access checks of the evaluation app, and its public read
interface for other apps (certificates, monitoring reports):

- ``effect_summary(*, source_kind, source_id) -> dict``
- ``outcomes_achieved(*, user_id, source_kind, source_id) -> list[dict]``
- ``certificate_outcomes(*, user_id, source_kind, source_id) -> dict``
- ``certificate_outcomes_many(*, user_ids, source_kind, source_id) -> dict``
- ``competences_by_voivodeship(*, voivodeships=None) -> list[dict]``
- ``knowledge_test_links(*, source_kind, source_id) -> list[dict]``
"""

from collections import Counter
from statistics import mean

from django.urls import reverse
from django.utils.translation import gettext

from szkola.accounts.constants import MACROREGION, Voivodeship
from szkola.accounts.permissions import (
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)

from .models import (
    EvaluationPlan,
    LearningOutcome,
    OutcomeAssessment,
    OutcomeCategory,
    SourceKind,
    SurveyTally,
    TestPhase,
    TestResult,
)
from .sources import Source, participant_ids, participants_with_voivodeship, source_get
from .survey_selectors import (  # noqa: F401 - part of this read interface
    survey_eligible_ids,
    survey_has_answered,
    survey_open_for,
    survey_respondent_ids,
    survey_response_rate,
    survey_results,
    surveys_of,
)

# --- Plans and outcomes ---------------------------------------------------


def plan_for(*, source_kind: str, source_id: int) -> EvaluationPlan | None:
    return EvaluationPlan.objects.filter(
        source_kind=source_kind, source_id=source_id
    ).first()


def outcomes_grouped(*, plan: EvaluationPlan | None) -> list[dict]:
    """[{"category", "label", "outcomes": [LearningOutcome, ...]}] in the
    order wiedza, umiejętności, kompetencje społeczne; empty groups left out."""
    if plan is None:
        return []
    outcomes = list(plan.outcomes.all())
    groups = []
    for value, label in OutcomeCategory.choices:
        items = [o for o in outcomes if o.category == value]
        if items:
            groups.append({"category": value, "label": label, "outcomes": items})
    return groups


def outcome_dicts(*, plan: EvaluationPlan) -> list[dict]:
    return [
        {
            "id": o.pk,
            "category": o.category,
            "text": o.text,
            "criteria": o.criteria,
            "method": o.method,
        }
        for o in plan.outcomes.all()
    ]


# --- Who may do what --------------------------------------------------------


def _taught_ids(*, source: Source, plan: EvaluationPlan | None) -> set[int]:
    ids = set(source.trainer_ids)
    if plan is not None and plan.pk:
        ids |= set(plan.teaching_staff.values_list("pk", flat=True))
    return ids


def user_taught(*, user, source: Source, plan: EvaluationPlan | None) -> bool:
    """Did ``user`` teach this course or event: a course trainer, a person
    recorded as teaching staff, or an event speaker of the same name."""
    if user.pk in _taught_ids(source=source, plan=plan):
        return True
    name = user.get_full_name().strip().casefold()
    return bool(name) and any(
        name in speaker.casefold() for speaker in source.speaker_names
    )


def user_may_edit_outcomes(*, user, source: Source, plan=None) -> bool:
    """Coordinators in scope, and the trainers who teach this source."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_may_act_on_voivodeship(user, source.organiser):
        return True
    from szkola.accounts.permissions import user_is_trainer

    return user_is_trainer(user) and user.pk in _taught_ids(source=source, plan=plan)


def user_may_manage(*, user, source: Source) -> bool:
    """Settings, people, paper results, surveys: coordinators in scope."""
    return user_may_act_on_voivodeship(user, source.organiser)


def user_may_see_results(*, user, source: Source, plan=None) -> bool:
    return user_may_manage(user=user, source=source) or user_may_edit_outcomes(
        user=user, source=source, plan=plan
    )


def user_is_assessor(*, user, plan: EvaluationPlan | None) -> bool:
    return bool(
        user.is_authenticated
        and plan is not None
        and plan.assessors.filter(pk=user.pk).exists()
    )


def sources_for_admin(*, user) -> list[Source]:
    """Courses and events whose evaluation ``user`` may open in the admin."""
    from .sources import sources_in_scope

    scope = user_voivodeships_in_scope(user)
    if scope is None or scope:
        return sources_in_scope(voivodeships=scope)
    from courses.models import CoursePage

    from .sources import source_get as get

    ids = CoursePage.trainers.through.objects.filter(user_id=user.pk).values_list(
        "coursepage_id", flat=True
    )
    plans = EvaluationPlan.objects.filter(teaching_staff=user).values_list(
        "source_kind", "source_id"
    )
    found = [get(kind=SourceKind.COURSE, source_id=i) for i in ids]
    found += [get(kind=k, source_id=i) for k, i in plans]
    return [s for s in found if s is not None]


def plans_assessed_by(*, user) -> list[tuple[EvaluationPlan, Source]]:
    result = []
    for plan in EvaluationPlan.objects.filter(assessors=user).order_by("-pk"):
        source = source_get(kind=plan.source_kind, source_id=plan.source_id)
        if source is not None:
            result.append((plan, source))
    return result


# --- Tests --------------------------------------------------------------------


def knowledge_test_questions(*, plan: EvaluationPlan) -> list[dict]:
    """Questions of the plan's bank for display: never the correct answers."""
    bank = plan.question_bank
    if bank is None:
        return []
    return [
        {
            "id": qid,
            "text": q["text"],
            "kind": q["kind"],
            "choices": [(cid, text) for cid, (text, _ok) in q["choices"].items()],
        }
        for qid, q in bank.specific.question_map().items()
    ]


def knowledge_result_for(*, plan, user, phase: str) -> TestResult | None:
    if plan is None or not user.is_authenticated:
        return None
    return TestResult.objects.filter(plan=plan, user=user, phase=phase).first()


def knowledge_test_path(*, source_kind: str, source_id: int, phase: str) -> str:
    return reverse(
        "evaluation:test",
        kwargs={"source_kind": source_kind, "source_id": source_id, "phase": phase},
    )


def knowledge_test_url(*, source_kind: str, source_id: int, phase: str) -> str:
    """The absolute address of a pre- or post-test, for the attendance list,
    its QR code and the reminder email."""
    from django.conf import settings

    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + knowledge_test_path(
        source_kind=source_kind, source_id=source_id, phase=phase
    )


def knowledge_test_links(*, source_kind: str, source_id: int) -> list[dict]:
    """The tests of a course or event with a question bank, for printed
    documents and emails: [{"phase", "label", "url", "required"}], pre-test
    first; empty without a question bank."""
    plan = plan_for(source_kind=source_kind, source_id=source_id)
    if plan is None or plan.question_bank_id is None:
        return []
    links = []
    for phase, label in (
        (TestPhase.PRE, gettext("Test wiedzy przed zajęciami")),
        (TestPhase.POST, gettext("Test wiedzy po zajęciach")),
    ):
        required = phase == TestPhase.POST and plan.post_test_required
        if required:
            label = gettext("%(label)s (wymagany do zaświadczenia)") % {"label": label}
        links.append(
            {
                "phase": str(phase),
                "label": label,
                "url": knowledge_test_url(
                    source_kind=source_kind, source_id=source_id, phase=phase
                ),
                "required": required,
            }
        )
    return links


def knowledge_test_qr_path(*, source_kind: str, source_id: int, phase: str) -> str:
    return reverse(
        "evaluation:test_qr",
        kwargs={"source_kind": source_kind, "source_id": source_id, "phase": phase},
    )


# --- Assessment and comparison ------------------------------------------------


def competences_gained_ids(*, plan: EvaluationPlan | None, user_ids=None) -> set[int]:
    """Participants for whom every outcome of the standard was assessed as
    achieved (the comparison). No outcomes: nobody."""
    if plan is None:
        return set()
    outcome_ids = set(plan.outcomes.values_list("pk", flat=True))
    if not outcome_ids:
        return set()
    achieved: dict[int, set[int]] = {}
    rows = OutcomeAssessment.objects.filter(plan=plan, achieved=True)
    if user_ids is not None:
        rows = rows.filter(participant_id__in=user_ids)
    for participant_id, outcome_id in rows.values_list("participant_id", "outcome_id"):
        achieved.setdefault(participant_id, set()).add(outcome_id)
    return {uid for uid, got in achieved.items() if outcome_ids <= got}


def _outcome_achieved_dict(assessment: OutcomeAssessment, labels: dict) -> dict:
    return {
        "category": assessment.outcome.category,
        "category_label": str(labels[assessment.outcome.category]),
        "text": assessment.outcome.text,
        "method": assessment.method,
        "assessed_on": assessment.assessed_on.isoformat(),
    }


def _outcomes_achieved_by(*, plan: EvaluationPlan, user_ids) -> dict[int, list]:
    rows = (
        OutcomeAssessment.objects.filter(
            plan=plan, participant_id__in=user_ids, achieved=True
        )
        .select_related("outcome")
        .order_by("outcome__position", "outcome__pk")
    )
    labels = dict(OutcomeCategory.choices)
    achieved: dict[int, list] = {}
    for assessment in rows:
        achieved.setdefault(assessment.participant_id, []).append(
            _outcome_achieved_dict(assessment, labels)
        )
    return achieved


def outcomes_achieved(*, user_id: int, source_kind: str, source_id: int) -> list[dict]:
    """The outcomes an assessor confirmed as achieved by this person, in the
    standard's order: [{"category", "category_label", "text", "method",
    "assessed_on"}]. Empty when nothing was confirmed."""
    plan = plan_for(source_kind=source_kind, source_id=source_id)
    if plan is None:
        return []
    return _outcomes_achieved_by(plan=plan, user_ids=[user_id]).get(user_id, [])


def certificate_outcomes(*, user_id: int, source_kind: str, source_id: int) -> dict:
    """What the certificate of this person and source needs from evaluation:
    {"required": the plan asks for an assessment before the certificate,
    "ready": the person gained the competences (every outcome achieved),
    "outcomes": outcomes_achieved(...),
    "post_test_required": the plan asks for the post-test first,
    "post_test_done": the person has a post-test result,
    "post_test_url": where the person takes it}."""
    return certificate_outcomes_many(
        user_ids=[user_id], source_kind=source_kind, source_id=source_id
    )[user_id]


def certificate_outcomes_many(
    *, user_ids, source_kind: str, source_id: int
) -> dict[int, dict]:
    """``certificate_outcomes`` of many people of one source, {user id:
    dict}, in a number of queries that does not grow with them (a bulk
    issue asks for a whole chunk at once)."""
    user_ids = list(user_ids)
    plan = plan_for(source_kind=source_kind, source_id=source_id)
    required = bool(plan and plan.certificate_requires_assessment)
    post_required = bool(plan and plan.post_test_required)
    gained = competences_gained_ids(plan=plan, user_ids=user_ids)
    post_done = (
        set(
            TestResult.objects.filter(
                plan=plan, user_id__in=user_ids, phase=TestPhase.POST
            ).values_list("user_id", flat=True)
        )
        if post_required
        else set()
    )
    achieved = (
        _outcomes_achieved_by(plan=plan, user_ids=user_ids) if plan is not None else {}
    )
    post_test_url = knowledge_test_path(
        source_kind=source_kind, source_id=source_id, phase=TestPhase.POST
    )
    return {
        user_id: {
            "required": required,
            "ready": user_id in gained,
            "post_test_required": post_required,
            "post_test_done": user_id in post_done,
            "post_test_url": post_test_url,
            "outcomes": achieved.get(user_id, []),
        }
        for user_id in user_ids
    }


def assessment_sheet(*, plan: EvaluationPlan, source: Source) -> list[dict]:
    """Per participant: name, test scores, decisions per outcome, gained."""
    from szkola.accounts.models import User

    ids = participant_ids(source=source)
    users = User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
    outcomes = list(plan.outcomes.all())
    decisions = {
        (a.participant_id, a.outcome_id): a
        for a in OutcomeAssessment.objects.filter(plan=plan, participant_id__in=ids)
    }
    scores = {
        (r.user_id, r.phase): r.score
        for r in TestResult.objects.filter(plan=plan, user_id__in=ids)
    }
    gained = competences_gained_ids(plan=plan, user_ids=ids)
    return [
        {
            "user": user,
            "pre": scores.get((user.pk, TestPhase.PRE)),
            "post": scores.get((user.pk, TestPhase.POST)),
            "decisions": [(o, decisions.get((user.pk, o.pk))) for o in outcomes],
            "gained": user.pk in gained,
        }
        for user in users
    ]


# --- Results ---------------------------------------------------------------------


def _percent_mean(values: list[int]) -> float | None:
    return round(float(mean(values)), 1) if values else None


def effect_summary(*, source_kind: str, source_id: int) -> dict:
    """The effects of one course or event, for other apps and reports:
    {"participants": int, "pre_mean": float | None (percent),
    "post_mean": float | None (percent), "competences_gained": int,
    "survey_responses": int, "satisfaction_mean": float | None (1–5)}.
    Means are rounded to one decimal (satisfaction to two); scores count
    for participants only."""
    source = source_get(kind=source_kind, source_id=source_id)
    plan = plan_for(source_kind=source_kind, source_id=source_id)
    ids = participant_ids(source=source) if source else []
    scores: dict[str, list[int]] = {TestPhase.PRE: [], TestPhase.POST: []}
    if plan is not None:
        for phase, score in TestResult.objects.filter(
            plan=plan, user_id__in=ids
        ).values_list("phase", "score"):
            scores[phase].append(score)
    responses = 0
    scale_total = scale_count = 0
    for survey in surveys_of(plan=plan):
        responses += len(survey_respondent_ids(survey=survey))
        scale_keys = {q["key"] for q in survey.questions if q["kind"] == "scale"}
        for key, value, count in SurveyTally.objects.filter(survey=survey).values_list(
            "question_key", "value", "count"
        ):
            if key in scale_keys:
                scale_total += value * count
                scale_count += count
    return {
        "participants": len(ids),
        "pre_mean": _percent_mean(scores[TestPhase.PRE]),
        "post_mean": _percent_mean(scores[TestPhase.POST]),
        "competences_gained": len(competences_gained_ids(plan=plan, user_ids=ids)),
        "survey_responses": responses,
        "satisfaction_mean": (
            round(scale_total / scale_count, 2) if scale_count else None
        ),
    }


SCORE_BANDS = ((0, 20), (21, 40), (41, 60), (61, 80), (81, 100))


def score_distribution(*, plan: EvaluationPlan | None, source: Source) -> dict:
    """{"bands": ["0–20", ...], "pre": [n, ...], "post": [n, ...]}."""
    ids = participant_ids(source=source)
    pre = [0] * len(SCORE_BANDS)
    post = [0] * len(SCORE_BANDS)
    if plan is not None:
        for phase, score in TestResult.objects.filter(
            plan=plan, user_id__in=ids
        ).values_list("phase", "score"):
            for i, (low, high) in enumerate(SCORE_BANDS):
                if low <= score <= high:
                    (pre if phase == TestPhase.PRE else post)[i] += 1
    return {
        "bands": [f"{low}–{high}%" for low, high in SCORE_BANDS],
        "pre": pre,
        "post": post,
    }


def competences_by_voivodeship(*, voivodeships: list[str] | None = None) -> list[dict]:
    """The EFS indicator "participants who gained competences" per voivodeship
    of the macroregion (by the participant's voivodeship) and a total row:
    [{"code", "label", "participants", "gained", "percent"}]. A person counts
    once per course or event they took part in."""
    participants: Counter = Counter()
    gained: Counter = Counter()
    for plan in EvaluationPlan.objects.all():
        source = source_get(kind=plan.source_kind, source_id=plan.source_id)
        if source is None or not plan.outcomes.exists():
            continue
        people = participants_with_voivodeship(source=source)
        won = competences_gained_ids(plan=plan, user_ids=list(people))
        for uid, code in people.items():
            participants[code] += 1
            if uid in won:
                gained[code] += 1
    codes = [str(c) for c in MACROREGION]
    if voivodeships is not None:
        codes = [c for c in codes if c in voivodeships]
    labels = dict(Voivodeship.choices)
    rows = []
    for code in codes:
        rows.append(_indicator_row(code, str(labels[code]), participants, gained))
    if voivodeships is None:
        total_p = sum(participants.values())
        total_g = sum(gained.values())
        rows.append(
            {
                "code": "MR",
                "label": gettext("makroregion (razem)"),
                "participants": total_p,
                "gained": total_g,
                "percent": round(total_g * 100 / total_p, 1) if total_p else None,
            }
        )
    return rows


def _indicator_row(code, label, participants, gained) -> dict:
    p, g = participants[code], gained[code]
    return {
        "code": code,
        "label": label,
        "participants": p,
        "gained": g,
        "percent": round(g * 100 / p, 1) if p else None,
    }


def outcome_count(*, plan: EvaluationPlan | None) -> int:
    return LearningOutcome.objects.filter(plan=plan).count() if plan else 0
