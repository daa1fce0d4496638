"""Only a person with the assessor role for the voivodeship of the course or
event (and never one who taught it) confirms learning outcomes; the role is
given by coordinators within their scope."""

import pytest
from django.utils import timezone

from szkola.accounts.errors import AccountError
from szkola.accounts.models import AuditEntry
from szkola.accounts.permissions import ASSESSORS_GROUP, user_may_assess_voivodeship
from szkola.accounts.services import assessor_role_set

from .. import selectors, services
from ..errors import EvaluationError
from ..models import OutcomeAssessment
from .factories import (
    EVENT,
    OUTCOMES,
    assessor_create,
    confirmed,
    coordinator_create,
    past_event,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _plan(event, *, assessors=(), staff=()):
    coordinator = coordinator_create(scope="20")
    services.outcomes_save(
        actor=coordinator, source_kind=EVENT, source_id=event.pk, outcomes=OUTCOMES
    )
    services.plan_people_set(
        actor=coordinator,
        source_kind=EVENT,
        source_id=event.pk,
        teaching_staff=list(staff),
        assessors=list(assessors),
    )
    return selectors.plan_for(source_kind=EVENT, source_id=event.pk)


def _assess(assessor, event, plan):
    return services.assessment_record(
        assessor=assessor,
        source_kind=EVENT,
        source_id=event.pk,
        participant=confirmed(event),
        decisions={o.pk: True for o in plan.outcomes.all()},
        method="task",
        assessed_on=timezone.localdate(),
    )


def test_podlaskie_assessor_confirms_outcomes_of_a_podlaskie_event():
    assessor = assessor_create(scope="20")
    event = past_event(organiser="20")
    plan = _plan(event, assessors=[assessor])
    assert _assess(assessor, event, plan) is True
    assert OutcomeAssessment.objects.filter(assessor=assessor).count() == 3


def test_the_events_trainer_with_the_role_is_refused():
    trainer = trainer_create()
    assessor_role_set(actor=coordinator_create(scope="20"), user=trainer, scope="20")
    event = past_event(organiser="20")
    with pytest.raises(EvaluationError) as error:
        _plan(event, assessors=[trainer], staff=[trainer])
    assert error.value.code == "assessor_taught"
    assert "Ocena musi być niezależna od nauczania" in error.value.message


def test_an_assessor_of_another_voivodeship_cannot_be_named():
    event = past_event(organiser="20")
    with pytest.raises(EvaluationError) as error:
        _plan(event, assessors=[assessor_create(scope="06")])
    assert error.value.code == "not_assessor_role"
    assert "nie ma roli asesora" in error.value.message


def test_an_assessor_moved_to_another_voivodeship_is_refused_nothing_stored():
    assessor = assessor_create(scope="20")
    event = past_event(organiser="20")
    plan = _plan(event, assessors=[assessor])
    assessor_role_set(actor=coordinator_create(scope="MR"), user=assessor, scope="06")
    with pytest.raises(EvaluationError) as error:
        _assess(assessor, event, plan)
    assert error.value.code == "not_assessor_role"
    assert "z rolą asesora" in error.value.message
    assert not OutcomeAssessment.objects.exists()


def test_a_coordinator_without_the_assessor_role_cannot_assess():
    coordinator = coordinator_create(scope="20")
    event = past_event(organiser="20")
    with pytest.raises(EvaluationError) as error:
        _plan(event, assessors=[coordinator])
    assert error.value.code == "not_assessor_role"
    assert not user_may_assess_voivodeship(coordinator, "20")


def test_coordinator_grants_the_role_in_scope_audited_with_the_group():
    coordinator = coordinator_create(scope="20")
    person = user_create()
    assessor_role_set(actor=coordinator, user=person, scope="20")
    assert user_may_assess_voivodeship(person, "20")
    assert not user_may_assess_voivodeship(person, "06")
    assert person.groups.filter(name=ASSESSORS_GROUP).exists()
    entry = AuditEntry.objects.get(action="accounts.assessor_role.changed")
    assert entry.actor == coordinator and entry.data["after"] == "20"


def test_coordinator_cannot_grant_the_role_for_another_voivodeship():
    person = user_create()
    with pytest.raises(AccountError) as error:
        assessor_role_set(actor=coordinator_create(scope="20"), user=person, scope="06")
    assert error.value.code == "scope"
    assert "koordynator województwa" in error.value.message
    assert not user_may_assess_voivodeship(person, "06")
    assert not person.groups.filter(name=ASSESSORS_GROUP).exists()


def test_coordinator_cannot_take_away_another_voivodeships_assessor():
    person = assessor_create(scope="06")
    with pytest.raises(AccountError):
        assessor_role_set(actor=coordinator_create(scope="20"), user=person, scope="")
    assert user_may_assess_voivodeship(person, "06")
