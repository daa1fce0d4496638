"""Assessment separate from teaching (ocena) and the comparison (porównanie)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_assess_voivodeship
from szkola.accounts.services import audit_log

from .. import selectors
from ..errors import EvaluationError
from ..models import OutcomeAssessment, VerificationMethod
from ..signals import competences_assessed
from ..sources import is_participant
from .outcomes import plan_ensure, source_require


@transaction.atomic
def assessment_record(
    *,
    assessor: User,
    source_kind: str,
    source_id: int,
    participant: User,
    decisions: dict,
    method: str,
    assessed_on: datetime.date,
    now=None,
) -> bool:
    """The assessor confirms, for one participant, each outcome achieved or
    not (``decisions``: {outcome id: bool}), by ``method`` on ``assessed_on``.
    Returns whether the participant gained the competences (every outcome
    of the standard achieved); announced with ``competences_assessed``
    after commit.

    Raises EvaluationError "not_assessor", "assessor_taught",
    "not_assessor_role" (no assessor role for the source's voivodeship),
    "not_participant", "invalid_assessment"; nothing is stored then."""
    now = now or timezone.now()
    source = source_require(source_kind=source_kind, source_id=source_id)
    plan = plan_ensure(source=source, lock=True)
    if not selectors.user_is_assessor(user=assessor, plan=plan):
        raise EvaluationError(
            "not_assessor", _("Nie jesteś asesorem wskazanym dla tych zajęć.")
        )
    if selectors.user_taught(user=assessor, source=source, plan=plan):
        raise EvaluationError(
            "assessor_taught",
            _(
                "Prowadził(a) Pan/Pani te zajęcia, więc nie może Pan/Pani oceniać "
                "ich uczestników. Ocena musi być niezależna od nauczania."
            ),
        )
    if not user_may_assess_voivodeship(assessor, source.organiser):
        raise EvaluationError(
            "not_assessor_role",
            _(
                "Efekty uczenia się potwierdza tylko osoba z rolą asesora "
                "w województwie tych zajęć."
            ),
        )
    if not is_participant(source=source, user=participant):
        raise EvaluationError(
            "not_participant", _("Ta osoba nie jest uczestnikiem tych zajęć.")
        )
    outcomes = {o.pk: o for o in plan.outcomes.all()}
    invalid = EvaluationError(
        "invalid_assessment",
        _("Zaznacz dla każdego efektu, czy został osiągnięty, i podaj metodę i datę."),
    )
    if method not in VerificationMethod.values or not isinstance(decisions, dict):
        raise invalid
    try:
        clean = {int(k): bool(v) for k, v in decisions.items()}
    except (TypeError, ValueError) as error:
        raise invalid from error
    if not clean or set(clean) - set(outcomes):
        raise invalid
    today = timezone.localdate(now)
    if not isinstance(assessed_on, datetime.date) or assessed_on > today:
        raise EvaluationError(
            "invalid_assessment", _("Data oceny nie może być z przyszłości.")
        )
    if source.is_event and source.days and assessed_on < source.days[-1][1]:
        raise EvaluationError(
            "invalid_assessment",
            _("Ocena następuje po zajęciach: data nie może być przed ich końcem."),
        )
    for outcome_id, achieved in clean.items():
        OutcomeAssessment.objects.update_or_create(
            participant=participant,
            outcome_id=outcome_id,
            defaults={
                "plan": plan,
                "achieved": achieved,
                "method": method,
                "assessed_on": assessed_on,
                "assessor": assessor,
                "recorded_at": now,
            },
        )
    gained = participant.pk in selectors.competences_gained_ids(
        plan=plan, user_ids=[participant.pk]
    )
    audit_log(
        actor=assessor,
        action="evaluation.assessment.recorded",
        obj=plan,
        data={
            "participant": participant.pk,
            "decisions": {str(k): v for k, v in clean.items()},
            "method": method,
            "assessed_on": assessed_on.isoformat(),
            "competences_gained": gained,
        },
    )
    user_id, kind, sid = participant.pk, source.kind, source.id
    transaction.on_commit(
        lambda: competences_assessed.send(
            sender=OutcomeAssessment,
            user_id=user_id,
            source_kind=kind,
            source_id=sid,
            gained=gained,
        )
    )
    return gained
