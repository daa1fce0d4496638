import pytest

from szkola.accounts.models import AuditEntry

from .. import selectors, services
from ..errors import EvaluationError
from ..models import LearningOutcome, OutcomeVersion
from ..services.outcomes import REASON_MAX_LENGTH
from .factories import (
    COURSE,
    EVENT,
    OUTCOMES,
    confirmed,
    coordinator_create,
    course_create,
    enrolled,
    event_create,
    trainer_create,
)

pytestmark = pytest.mark.django_db


def test_trainer_of_the_course_saves_outcomes_grouped():
    trainer = trainer_create()
    course = course_create(trainers=[trainer])
    services.outcomes_save(
        actor=trainer, source_kind=COURSE, source_id=course.pk, outcomes=OUTCOMES
    )
    plan = selectors.plan_for(source_kind=COURSE, source_id=course.pk)
    groups = selectors.outcomes_grouped(plan=plan)
    assert [g["category"] for g in groups] == ["knowledge", "skills", "social"]
    assert plan.versions.get().version == 1
    assert AuditEntry.objects.filter(action="evaluation.outcomes.saved").count() == 1


def test_trainer_of_another_course_is_refused():
    trainer = trainer_create()
    course = course_create(trainers=[trainer_create()])
    with pytest.raises(EvaluationError) as error:
        services.outcomes_save(
            actor=trainer, source_kind=COURSE, source_id=course.pk, outcomes=OUTCOMES
        )
    assert error.value.code == "not_allowed"
    assert not LearningOutcome.objects.exists()


def test_coordinator_in_scope_edits_event_outcomes_and_other_voivodeship_may_not():
    event = event_create(organiser="20")
    services.outcomes_save(
        actor=coordinator_create(scope="20"),
        source_kind=EVENT,
        source_id=event.pk,
        outcomes=OUTCOMES[:1],
    )
    with pytest.raises(EvaluationError) as error:
        services.outcomes_save(
            actor=coordinator_create(scope="06"),
            source_kind=EVENT,
            source_id=event.pk,
            outcomes=OUTCOMES,
        )
    assert error.value.code == "not_allowed"
    assert LearningOutcome.objects.count() == 1


def test_leader_coordinator_edits_any_voivodeship():
    event = event_create(organiser="26")
    services.outcomes_save(
        actor=coordinator_create(scope="MR"),
        source_kind=EVENT,
        source_id=event.pk,
        outcomes=OUTCOMES,
    )
    assert LearningOutcome.objects.count() == 3


def test_frozen_after_first_confirmed_place_without_reason_nothing_changes():
    coordinator = coordinator_create(scope="18")
    event = event_create(organiser="18")
    services.outcomes_save(
        actor=coordinator, source_kind=EVENT, source_id=event.pk, outcomes=OUTCOMES
    )
    confirmed(event)
    changed = [{**OUTCOMES[0], "text": "Zmieniony efekt."}]
    with pytest.raises(EvaluationError) as error:
        services.outcomes_save(
            actor=coordinator, source_kind=EVENT, source_id=event.pk, outcomes=changed
        )
    assert error.value.code == "frozen_reason_required"
    assert "Podaj powód" in error.value.message
    assert sorted(LearningOutcome.objects.values_list("text", flat=True)) == sorted(
        o["text"] for o in OUTCOMES
    )
    assert OutcomeVersion.objects.count() == 1


def test_change_after_start_with_reason_is_versioned_and_audited():
    coordinator = coordinator_create(scope="18")
    course = course_create(organiser="18")
    services.outcomes_save(
        actor=coordinator, source_kind=COURSE, source_id=course.pk, outcomes=OUTCOMES
    )
    enrolled(course)
    plan = selectors.plan_for(source_kind=COURSE, source_id=course.pk)
    rows = selectors.outcome_dicts(plan=plan)
    rows[0]["text"] = "Zna zadania i skład PZK."
    services.outcomes_save(
        actor=coordinator,
        source_kind=COURSE,
        source_id=course.pk,
        outcomes=rows,
        reason="Uzupełnienie po uwagach ekspertów",
    )
    plan.refresh_from_db()
    assert plan.outcomes_version == 2
    latest = plan.versions.first()
    assert latest.after_start and latest.reason.startswith("Uzupełnienie")
    entry = AuditEntry.objects.get(action="evaluation.outcomes.changed_after_start")
    assert entry.data["before"][0]["text"] == "Zna zadania członków PZK."
    # Kept ids: the outcome row is the same one (its assessments stay).
    assert plan.outcomes.get(pk=rows[0]["id"]).text == "Zna zadania i skład PZK."


@pytest.mark.parametrize(
    "bad",
    [
        [{"category": "wiedza", "text": "x", "criteria": "y", "method": "task"}],
        [{"category": "skills", "text": "", "criteria": "y", "method": "task"}],
        [{"category": "skills", "text": "x", "criteria": "", "method": "task"}],
        [{"category": "skills", "text": "x", "criteria": "y", "method": "zgadywanie"}],
        "nie lista",
    ],
)
def test_invalid_outcomes_refused(bad):
    course = course_create(organiser="18")
    with pytest.raises(EvaluationError) as error:
        services.outcomes_save(
            actor=coordinator_create(scope="18"),
            source_kind=COURSE,
            source_id=course.pk,
            outcomes=bad,
        )
    assert error.value.code == "invalid_outcomes"
    assert not LearningOutcome.objects.exists()


def test_outcomes_shown_on_course_and_event_pages(client):
    coordinator = coordinator_create(scope="MR")
    course = course_create(organiser="18")
    event = event_create(organiser="18")
    for kind, page in ((COURSE, course), (EVENT, event)):
        services.outcomes_save(
            actor=coordinator, source_kind=kind, source_id=page.pk, outcomes=OUTCOMES
        )
        html = client.get(page.url).content.decode()
        assert "Efekty uczenia się i ich weryfikacja" in html
        assert "Przygotowuje wspólny plan pomocy rodzinie." in html
        assert "Plan zawiera cele, zadania i terminy." in html
        assert html.index(">Wiedza<") < html.index(">Umiejętności<")


def test_an_overlong_reason_for_a_change_is_refused_and_nothing_changes():
    coordinator = coordinator_create(scope="20")
    event = event_create(organiser="20")
    services.outcomes_save(
        actor=coordinator, source_kind=EVENT, source_id=event.pk, outcomes=OUTCOMES
    )

    with pytest.raises(EvaluationError) as error:
        services.outcomes_save(
            actor=coordinator,
            source_kind=EVENT,
            source_id=event.pk,
            outcomes=OUTCOMES[:1],
            reason="x" * (REASON_MAX_LENGTH + 1),
        )

    assert error.value.code == "reason_too_long"
    assert "najwyżej 2000 znaków" in error.value.message
    assert LearningOutcome.objects.count() == 3
    assert OutcomeVersion.objects.count() == 1
