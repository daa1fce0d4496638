"""Places an event reserves for a team are held back from everyone else:
other participants, the waiting list and a coordinator's desk see them as
taken; the team's animator registers members on them even when the open
places are gone."""

import pytest

from events.errors import EventError
from events.models import Registration
from events.services import registration_cancel, registration_create

from ..errors import ProgrammeError
from ..models import TeamEventPlaces
from ..services import team_members_register, team_places_save
from .factories import (
    animator_make,
    coordinator_create,
    event_create,
    member_add,
    participant_create,
    places_create,
    team_create,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _training(capacity=3):
    return event_create(organiser="20", capacity=capacity)


def _outsider(event, **kwargs):
    registration, _created = registration_create(
        event=event, user=participant_create(), **kwargs
    )
    return registration


def test_reserved_places_are_not_given_to_other_participants():
    event = _training(capacity=3)
    places_create(team_create(), event, places=2)

    first = _outsider(event)
    second = _outsider(event)

    assert first.status == Status.CONFIRMED
    assert second.status == Status.WAITLISTED
    with pytest.raises(EventError) as error:
        _outsider(event, accept_waitlist=False)
    assert error.value.code == "full"


def test_the_team_takes_its_places_after_the_open_ones_are_gone():
    team = team_create()
    animator = animator_make(team)
    members = [member_add(team), member_add(team)]
    event = _training(capacity=3)
    places_create(team, event, places=2)
    _outsider(event)
    assert _outsider(event).status == Status.WAITLISTED

    registrations = team_members_register(
        actor=animator, team=team, event=event, users=members
    )

    assert [r.status for r in registrations] == [Status.CONFIRMED] * 2
    held = Registration.objects.filter(Registration.holding_q(), event=event)
    assert held.count() == 3  # never more than the capacity


def test_a_place_a_team_member_frees_stays_with_the_team():
    team = team_create()
    animator = animator_make(team)
    member = member_add(team)
    event = _training(capacity=2)
    places_create(team, event, places=1)
    [registration] = team_members_register(
        actor=animator, team=team, event=event, users=[member]
    )
    _outsider(event)
    waiting = _outsider(event)
    assert waiting.status == Status.WAITLISTED

    registration_cancel(registration=registration, actor=member)

    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    other = member_add(team)
    [again] = team_members_register(
        actor=animator, team=team, event=event, users=[other]
    )
    assert again.status == Status.CONFIRMED


def test_two_teams_hold_their_own_places():
    first_team, second_team = team_create(), team_create()
    event = _training(capacity=4)
    places_create(first_team, event, places=2)
    places_create(second_team, event, places=1)

    assert _outsider(event).status == Status.CONFIRMED
    assert _outsider(event).status == Status.WAITLISTED
    animator = animator_make(second_team)
    [registration] = team_members_register(
        actor=animator, team=second_team, event=event, users=[member_add(second_team)]
    )
    assert registration.status == Status.CONFIRMED


def test_reserving_more_than_the_free_places_is_refused_and_nothing_changes():
    event = _training(capacity=3)
    _outsider(event)
    _outsider(event)
    team = team_create()

    with pytest.raises(ProgrammeError) as error:
        team_places_save(
            actor=coordinator_create(scope="20"),
            places=TeamEventPlaces(team=team, event=event, places=2),
        )

    assert error.value.code == "places"
    assert "zostało 1 wolne miejsce" in error.value.message
    assert not TeamEventPlaces.objects.exists()
