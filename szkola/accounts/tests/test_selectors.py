import pytest
from django.contrib.auth.models import AnonymousUser

from szkola.accounts.permissions import (
    user_is_staff_member,
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)

from .factories import coordinator_create, trainer_create, user_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scope", "organiser", "allowed"),
    [
        ("26", "26", True),
        ("26", "18", False),
        ("26", "MR", False),
        ("26", "", False),
        ("MR", "26", True),
        ("MR", "18", True),
        ("MR", "MR", True),
    ],
)
def test_coordinator_acts_only_within_scope(scope, organiser, allowed):
    coordinator = coordinator_create(scope=scope)
    assert user_may_act_on_voivodeship(coordinator, organiser) is allowed


@pytest.mark.parametrize("organiser", ["18", "26", "MR"])
def test_participants_trainers_and_anonymous_may_not_act(organiser):
    assert not user_may_act_on_voivodeship(AnonymousUser(), organiser)
    assert not user_may_act_on_voivodeship(user_create(), organiser)
    assert not user_may_act_on_voivodeship(trainer_create(), organiser)


def test_superuser_may_act_anywhere():
    admin = user_create(is_superuser=True, is_staff=True)
    assert user_may_act_on_voivodeship(admin, "14")
    assert user_may_act_on_voivodeship(admin, "MR")


def test_inactive_coordinator_may_not_act():
    coordinator = coordinator_create(scope="14", is_active=False)
    assert not user_may_act_on_voivodeship(coordinator, "14")


def test_scope_lists():
    assert user_voivodeships_in_scope(AnonymousUser()) == []
    assert user_voivodeships_in_scope(user_create()) == []
    assert user_voivodeships_in_scope(coordinator_create(scope="20")) == ["20"]
    assert user_voivodeships_in_scope(coordinator_create(scope="MR")) is None


def test_staff_members_are_trainers_coordinators_and_admins():
    assert not user_is_staff_member(user_create())
    assert user_is_staff_member(trainer_create())
    assert user_is_staff_member(coordinator_create(scope="06"))
    assert user_is_staff_member(user_create(is_staff=True))
