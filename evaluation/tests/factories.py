"""Factories for evaluation tests: people in every role, courses and events
with participants, and a standard of outcomes."""

import datetime

from django.utils import timezone

from courses.services import enrolment_create
from courses.tests.factories import course_create, quiz_of  # noqa: F401
from events.tests.factories import (  # noqa: F401 - re-exported
    RegistrationFactory,
    coordinator_create,
    event_create,
    register,
    staff_login,
    user_create,
)

from ..models import SourceKind


def assessor_create(*, scope: str = "MR", **fields):
    """A person given the assessor role (``scope``: a voivodeship code or
    the macroregion) by a coordinator of that scope."""
    from szkola.accounts.services import assessor_role_set

    user = user_create(**fields)
    granter = coordinator_create(scope="MR" if scope == "MR" else scope)
    assessor_role_set(actor=granter, user=user, scope=scope)
    return user


OUTCOMES = [
    {
        "category": "knowledge",
        "text": "Zna zadania członków PZK.",
        "criteria": "Wymienia co najmniej trzy zadania.",
        "method": "post_test",
    },
    {
        "category": "skills",
        "text": "Przygotowuje wspólny plan pomocy rodzinie.",
        "criteria": "Plan zawiera cele, zadania i terminy.",
        "method": "task",
    },
    {
        "category": "social",
        "text": "Współpracuje z innymi służbami.",
        "criteria": "Aktywnie uczestniczy w pracy grupowej.",
        "method": "observation",
    },
]


def trainer_create(**fields):
    return user_create(is_trainer=True, **fields)


def past_event(**kwargs):
    """An event that ended yesterday (two days)."""
    first = timezone.localdate() - datetime.timedelta(days=2)
    return event_create(first_day=first, opens_in_days=-30, closes_in_days=-5, **kwargs)


def confirmed(event, user=None):
    """A confirmed place, whatever the registration window says."""
    return RegistrationFactory(event=event, user=user or user_create()).user


def enrolled(course, user=None):
    user = user or user_create()
    enrolment_create(user=user, course=course)
    return user


def course_with_bank(**kwargs):
    course = course_create(**kwargs)
    return course, quiz_of(course)


COURSE = SourceKind.COURSE
EVENT = SourceKind.EVENT


def completion_source(event) -> dict:
    """The completion source certificates record for a two-day ``event``."""
    return {
        "kind": "event",
        "id": event.pk,
        "title": event.title,
        "hours": "16.0",
        "date_from": event.date_from.isoformat(),
        "date_to": event.date_to.isoformat(),
        "place": "Rzeszów",
        "organiser": event.organiser,
        "programme": [],
        "language": "pl",
    }


def plan_settings(
    *,
    source_id,
    source_kind=EVENT,
    actor=None,
    bank=None,
    post_test_required=False,
    certificate_requires_assessment=False,
):
    """The source's plan settings as a coordinator (of the macroregion unless
    ``actor``) saves them, with ``bank`` as the knowledge tests' questions."""
    from .. import services

    services.plan_settings_update(
        actor=actor or coordinator_create(scope="MR"),
        source_kind=source_kind,
        source_id=source_id,
        question_bank_id=bank.pk if bank else None,
        post_test_required=post_test_required,
        certificate_requires_assessment=certificate_requires_assessment,
    )


def event_with_bank(event, *, post_test_required=False):
    """A question bank (a new course's quiz) set as ``event``'s tests."""
    _course, bank = course_with_bank()
    plan_settings(source_id=event.pk, bank=bank, post_test_required=post_test_required)
    return bank


def knowledge_submit(*, user, source, phase, answers, source_kind=EVENT):
    """``user`` takes ``source``'s (an event unless ``source_kind``) test."""
    from .. import services

    return services.knowledge_test_submit(
        user=user,
        source_kind=source_kind,
        source_id=source.pk,
        phase=phase,
        answers=answers,
    )


def assessed_plan(event, *, assessor, bank=None, certificate_requires_assessment=True):
    """``event``'s plan as a macroregion coordinator sets it up: the OUTCOMES,
    ``bank`` for the knowledge tests, ``assessor`` as its only assessor."""
    from .. import selectors, services

    coordinator = coordinator_create(scope="MR")
    services.outcomes_save(
        actor=coordinator, source_kind=EVENT, source_id=event.pk, outcomes=OUTCOMES
    )
    plan_settings(
        actor=coordinator,
        source_id=event.pk,
        bank=bank,
        certificate_requires_assessment=certificate_requires_assessment,
    )
    services.plan_people_set(
        actor=coordinator,
        source_kind=EVENT,
        source_id=event.pk,
        teaching_staff=[],
        assessors=[assessor],
    )
    return selectors.plan_for(source_kind=EVENT, source_id=event.pk)
