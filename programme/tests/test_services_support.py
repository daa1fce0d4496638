import datetime
from decimal import Decimal

import pytest
import time_machine

from szkola.accounts.models import AuditEntry

from ..errors import ProgrammeError
from ..models import SupportBooking, SupportNote, SupportSession
from ..services import (
    support_attendance_record,
    support_book,
    support_cancel,
    support_note_add,
    support_session_save,
)
from ..support_selectors import support_hours_per_person, support_notes_for
from .factories import (
    animator_make,
    coordinator_create,
    member_add,
    participant_create,
    session_create,
    team_create,
)

pytestmark = pytest.mark.django_db


def test_booking_a_full_slot_is_refused_and_nothing_changes():
    session = session_create(capacity=1)
    first = participant_create(voivodeship="20")
    support_book(actor=first, session=session, user=first)
    second = participant_create(voivodeship="20")
    with pytest.raises(ProgrammeError) as error:
        support_book(actor=second, session=session, user=second)
    assert error.value.code == "full"
    assert "Wszystkie miejsca na tej sesji są zajęte" in error.value.message
    assert list(SupportBooking.objects.values_list("user_id", flat=True)) == [first.pk]


def test_small_group_takes_up_to_its_capacity():
    session = session_create(capacity=3, kind="supervision")
    people = [participant_create(voivodeship="20") for _ in range(4)]
    for person in people[:3]:
        support_book(actor=person, session=session, user=person)
    with pytest.raises(ProgrammeError):
        support_book(actor=people[3], session=session, user=people[3])
    assert SupportBooking.objects.filter(session=session).count() == 3


def test_the_same_person_cannot_book_twice():
    session = session_create(capacity=2)
    person = participant_create(voivodeship="20")
    support_book(actor=person, session=session, user=person)
    with pytest.raises(ProgrammeError) as error:
        support_book(actor=person, session=session, user=person)
    assert error.value.code == "already_booked"


def test_a_cancelled_place_can_be_taken_again():
    session = session_create(capacity=1)
    first, second = (participant_create(voivodeship="20") for _ in range(2))
    booking = support_book(actor=first, session=session, user=first)
    support_cancel(actor=first, booking=booking)
    assert support_book(actor=second, session=session, user=second).pk


def test_animator_books_for_a_team_member_but_not_for_a_stranger():
    team = team_create()
    animator = animator_make(team)
    member = member_add(team)
    session = session_create(capacity=2)
    booking = support_book(actor=animator, session=session, user=member)
    assert booking.booked_by == animator
    with pytest.raises(ProgrammeError) as error:
        support_book(
            actor=animator, session=session, user=participant_create(voivodeship="20")
        )
    assert error.value.code == "forbidden"


def test_a_team_session_is_for_that_team_only():
    team = team_create()
    session = session_create(capacity=2, team=team)
    outsider = participant_create(voivodeship="20")
    with pytest.raises(ProgrammeError) as error:
        support_book(actor=outsider, session=session, user=outsider)
    assert error.value.code == "not_bookable"


def test_a_session_of_another_voivodeship_is_refused():
    session = session_create(capacity=2, organiser="20")
    person = participant_create(voivodeship="18")
    with pytest.raises(ProgrammeError) as error:
        support_book(actor=person, session=session, user=person)
    assert error.value.code == "not_bookable"


def test_a_started_session_cannot_be_booked():
    session = session_create()
    person = participant_create(voivodeship="20")
    with time_machine.travel(session.starts_at + datetime.timedelta(minutes=1)):
        with pytest.raises(ProgrammeError) as error:
            support_book(actor=person, session=session, user=person)
    assert error.value.code == "not_bookable"


def test_coordinator_of_another_voivodeship_cannot_publish_a_session():
    with pytest.raises(ProgrammeError) as error:
        session_create(organiser="20", coordinator=coordinator_create(scope="06"))
    assert error.value.code == "forbidden"
    assert not SupportSession.objects.exists()


def test_capacity_cannot_drop_below_bookings():
    session = session_create(capacity=2)
    for _ in range(2):
        person = participant_create(voivodeship="20")
        support_book(actor=person, session=session, user=person)
    session.capacity = 1
    with pytest.raises(ProgrammeError) as error:
        support_session_save(actor=coordinator_create(scope="20"), session=session)
    assert error.value.code == "bad_input"
    assert SupportSession.objects.get(pk=session.pk).capacity == 2


def test_coach_records_attendance_and_hours_counted_for_monitoring():
    session = session_create(hours="3.0")
    person = participant_create(voivodeship="20")
    booking = support_book(actor=person, session=session, user=person)
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=2)):
        support_attendance_record(
            actor=session.provider, booking=booking, attended=True, hours="2.5"
        )
    rows = support_hours_per_person(voivodeships=["20"])
    assert rows == [
        {
            "user_id": person.pk,
            "kind": "coaching",
            "sessions": 1,
            "hours": Decimal("2.5"),
            "first_date": rows[0]["first_date"],
            "last_date": rows[0]["last_date"],
        }
    ]
    assert support_hours_per_person(voivodeships=["06"]) == []


def test_attendance_before_the_session_or_by_a_stranger_is_refused():
    session = session_create()
    person = participant_create(voivodeship="20")
    booking = support_book(actor=person, session=session, user=person)
    with pytest.raises(ProgrammeError) as error:
        support_attendance_record(
            actor=session.provider, booking=booking, attended=True
        )
    assert error.value.code == "bad_input"
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=1)):
        with pytest.raises(ProgrammeError) as error:
            support_attendance_record(
                actor=coordinator_create(scope="06"), booking=booking, attended=True
            )
        assert error.value.code == "forbidden"
        with pytest.raises(ProgrammeError) as error:
            support_attendance_record(
                actor=session.provider, booking=booking, attended=True, hours="9"
            )
        assert error.value.code == "bad_input"
    booking.refresh_from_db()
    assert booking.attended is None


def test_notes_are_private_to_the_participant_and_the_coach():
    session = session_create()
    person = participant_create(voivodeship="20")
    booking = support_book(actor=person, session=session, user=person)
    support_note_add(
        actor=session.provider, booking=booking, text="Cel: plan pracy PZK."
    )
    support_note_add(actor=person, booking=booking, text="Moje pytania do coacha.")
    coordinator = coordinator_create(scope="20")
    leader = coordinator_create(scope="MR")
    with pytest.raises(ProgrammeError) as error:
        support_note_add(actor=coordinator, booking=booking, text="Uwaga koordynatora")
    assert error.value.code == "forbidden"
    assert len(support_notes_for(user=person, booking=booking)) == 2
    assert len(support_notes_for(user=session.provider, booking=booking)) == 2
    assert support_notes_for(user=coordinator, booking=booking) == []
    assert support_notes_for(user=leader, booking=booking) == []
    # The audit log records that a note was written, never what it says.
    entries = AuditEntry.objects.filter(action="programme.support.note_added")
    assert entries.count() == 2
    assert all("plan pracy" not in str(e.data) for e in entries)
    assert SupportNote.objects.count() == 2


def test_an_overlong_note_is_refused_not_cut_and_nothing_is_saved():
    from ..services.support import SUPPORT_NOTE_MAX_LENGTH

    session = session_create()
    person = participant_create(voivodeship="20")
    booking = support_book(actor=person, session=session, user=person)

    with pytest.raises(ProgrammeError) as error:
        support_note_add(
            actor=person, booking=booking, text="x" * (SUPPORT_NOTE_MAX_LENGTH + 1)
        )

    assert error.value.code == "bad_input"
    assert "najwyżej 10000 znaków" in error.value.message
    assert not SupportNote.objects.exists()
    assert not AuditEntry.objects.filter(action="programme.support.note_added").exists()
