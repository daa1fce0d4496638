"""seed_demo: each voivodeship's coordinator has an event they can edit, and
none of another voivodeship's."""

import pytest

from szkola.accounts.models import User
from szkola.home.tests.seeding import demo_seed, kept_data

from ..models import EventPage

pytestmark = pytest.mark.django_db

demo = kept_data(demo_seed)


def test_every_demo_coordinator_can_edit_their_own_events_only(demo):
    events = list(EventPage.objects.all())
    coordinators = User.objects.filter(
        profile__coordinator_scope__in=["06", "14", "18", "20", "26"]
    )
    assert coordinators.count() == 5
    for coordinator in coordinators:
        scope = coordinator.profile.coordinator_scope
        editable = [e for e in events if e.permissions_for_user(coordinator).can_edit()]
        assert editable, scope
        assert {e.organiser for e in editable} == {scope}
    leader = User.objects.get(profile__coordinator_scope="MR")
    assert all(e.permissions_for_user(leader).can_edit() for e in events)
