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
