import datetime

import pytest
from django.utils import timezone

from szkola.accounts.models import AuditEntry

from .. import selectors, services
from ..errors import EvaluationError
from ..models import OutcomeAssessment
from .factories import (
    COURSE,
    EVENT,
    OUTCOMES,
    assessor_create,
    confirmed,
    coordinator_create,
    course_create,
    enrolled,
    past_event,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _plan(kind, page, *, assessors=(), staff=()):
    coordinator = coordinator_create(scope="MR")
    services.outcomes_save(
        actor=coordinator, source_kind=kind, source_id=page.pk, outcomes=OUTCOMES
    )
    services.plan_people_set(
        actor=coordinator,
        source_kind=kind,
        source_id=page.pk,
        teaching_staff=list(staff),
        assessors=list(assessors),
    )
    return selectors.plan_for(source_kind=kind, source_id=page.pk)


def _all(plan, value=True):
    return {o.pk: value for o in plan.outcomes.all()}


def _record_all(*, assessor, source, participant, plan, source_kind=EVENT, **kw):
    """Every outcome of ``plan`` achieved, shown by a task, assessed today
    unless ``assessed_on`` says otherwise."""
    kw.setdefault("assessed_on", timezone.localdate())
    return services.assessment_record(
        assessor=assessor,
        source_kind=source_kind,
        source_id=source.pk,
        participant=participant,
        decisions=_all(plan),
        method="task",
        **kw,
    )


def test_assessor_confirms_all_outcomes_competences_gained(
    django_capture_on_commit_callbacks,
):
    from ..signals import competences_assessed

    assessor = assessor_create()
    event = past_event()
    plan = _plan(EVENT, event, assessors=[assessor])
    person = confirmed(event)
    heard = []
    competences_assessed.connect(
        lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="t-heard"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            gained = _record_all(
                assessor=assessor,
                source=event,
                participant=person,
                plan=plan,
            )
    finally:
        competences_assessed.disconnect(dispatch_uid="t-heard")
    assert gained
    assert heard[0]["user_id"] == person.pk and heard[0]["gained"] is True
    achieved = selectors.outcomes_achieved(
        user_id=person.pk, source_kind=EVENT, source_id=event.pk
    )
    assert [o["category"] for o in achieved] == ["knowledge", "skills", "social"]
    assert AuditEntry.objects.filter(action="evaluation.assessment.recorded").exists()


def test_one_outcome_missing_means_not_gained():
    assessor = assessor_create()
    event = past_event()
    plan = _plan(EVENT, event, assessors=[assessor])
    person = confirmed(event)
    decisions = _all(plan)
    decisions[next(iter(decisions))] = False
    assert not services.assessment_record(
        assessor=assessor,
        source_kind=EVENT,
        source_id=event.pk,
        participant=person,
        decisions=decisions,
        method="observation",
        assessed_on=timezone.localdate(),
    )
    assert (
        selectors.effect_summary(source_kind=EVENT, source_id=event.pk)[
            "competences_gained"
        ]
        == 0
    )


def test_course_trainer_cannot_be_made_assessor():
    trainer = trainer_create()
    course = course_create(trainers=[trainer], organiser="18")
    with pytest.raises(EvaluationError) as error:
        _plan(COURSE, course, assessors=[trainer])
    assert error.value.code == "assessor_taught"
    assert "nie może oceniać" in error.value.message


def test_event_speaker_by_name_cannot_be_assessor():
    # The event factory's programme names "dr Anna Nowak" as the speaker.
    speaker = user_create(first_name="Anna", last_name="Nowak")
    event = past_event()
    with pytest.raises(EvaluationError) as error:
        _plan(EVENT, event, assessors=[speaker])
    assert error.value.code == "assessor_taught"


def test_assessor_who_later_taught_is_refused_nothing_stored():
    assessor = assessor_create()
    course = course_create(organiser="18")
    plan = _plan(COURSE, course, assessors=[assessor])
    person = enrolled(course)
    # Made a trainer of the course after being named assessor.
    from szkola.accounts.services import role_set

    role_set(user=assessor, is_trainer=True, coordinator_scope="", actor=None)
    course.trainers.add(assessor)
    course.save()
    with pytest.raises(EvaluationError) as error:
        _record_all(
            assessor=assessor,
            source=course,
            participant=person,
            plan=plan,
            source_kind=COURSE,
        )
    assert error.value.code == "assessor_taught"
    assert "Ocena musi być niezależna" in error.value.message
    assert not OutcomeAssessment.objects.exists()


def test_someone_not_named_assessor_is_refused():
    event = past_event()
    plan = _plan(EVENT, event)
    with pytest.raises(EvaluationError) as error:
        _record_all(
            assessor=coordinator_create(scope="18"),
            source=event,
            participant=confirmed(event),
            plan=plan,
        )
    assert error.value.code == "not_assessor"


def test_assessment_dated_before_the_event_ends_or_in_future_refused():
    assessor = assessor_create()
    event = past_event()
    plan = _plan(EVENT, event, assessors=[assessor])
    person = confirmed(event)
    for day in (
        event.date_from - datetime.timedelta(days=1),
        timezone.localdate() + datetime.timedelta(days=1),
    ):
        with pytest.raises(EvaluationError) as error:
            _record_all(
                assessor=assessor,
                source=event,
                participant=person,
                plan=plan,
                assessed_on=day,
            )
        assert error.value.code == "invalid_assessment"
    assert not OutcomeAssessment.objects.exists()


def test_assessment_page_for_assessor_and_refusal_for_trainer(client):
    assessor = assessor_create()
    trainer = trainer_create()
    course = course_create(trainers=[trainer], organiser="18")
    plan = _plan(COURSE, course, assessors=[assessor])
    person = enrolled(course)
    client.force_login(assessor)
    url = f"/ewaluacja/ocena/course/{course.pk}/"
    assert person.get_full_name() in client.get(url).content.decode()
    data = {"participant": person.pk, "method": "task", "date": timezone.localdate()}
    data.update({f"o-{pk}": "yes" for pk in _all(plan)})
    assert client.post(url, data).status_code == 302
    assert OutcomeAssessment.objects.filter(participant=person).count() == 3
    plan.assessors.add(trainer)  # slipped past the service: the view still refuses
    from events.tests.factories import staff_login

    staff_login(client, trainer)
    response = client.get(url)
    assert response.status_code == 403
    assert "niezależna od nauczania" in response.content.decode()
