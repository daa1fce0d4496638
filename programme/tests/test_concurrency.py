"""Support slots and team places are never overbooked when people book at
the same moment. Needs PostgreSQL (row locks); SQLite serialises writers
anyway and the tests skip there."""

from events.models import Registration
from szkola.home.tests.concurrency import ROW_LOCKING, run_concurrently

from ..errors import ProgrammeError
from ..models import SupportBooking
from ..services import support_book, team_members_register
from .factories import (
    animator_make,
    event_create,
    member_add,
    participant_create,
    places_create,
    session_create,
    team_create,
)

pytestmark = ROW_LOCKING


def test_concurrent_bookings_fill_a_group_slot_exactly():
    session = session_create(capacity=3)
    people = [participant_create(voivodeship="20") for _ in range(10)]
    errors = run_concurrently(
        [(lambda p=p: support_book(actor=p, session=session, user=p)) for p in people]
    )
    assert SupportBooking.objects.filter(session=session).count() == 3
    assert len(errors) == 7
    assert all(isinstance(e, ProgrammeError) and e.code == "full" for e in errors)


def test_two_animators_never_oversell_the_team_places():
    team = team_create()
    gmina, powiat = animator_make(team), animator_make(team, level="powiat")
    people = [member_add(team) for _ in range(4)]
    event = event_create(organiser="20", capacity=20)
    places_create(team, event, places=2)
    errors = run_concurrently(
        [
            lambda: team_members_register(
                actor=gmina, team=team, event=event, users=people[:2]
            ),
            lambda: team_members_register(
                actor=powiat, team=team, event=event, users=people[2:]
            ),
        ]
    )
    assert Registration.objects.filter(event=event).count() == 2
    assert [e.code for e in errors] == ["places"]
