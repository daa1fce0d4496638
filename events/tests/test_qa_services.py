"""Live Q&A and polls: every write and its rules."""

import datetime

import pytest
from django.utils import timezone

from szkola.accounts.models import AuditEntry
from szkola.accounts.services import role_set

from ..errors import EventError
from ..qa.models import Poll, PollVote, QARoom, Question, QuestionVote
from ..qa.selectors import room_questions, room_state
from ..qa.services import (
    poll_close,
    poll_open,
    poll_vote,
    question_ask,
    question_moderate,
    question_vote,
    room_open,
    room_set_premoderation,
)
from .qa_factories import (
    coordinator_create,
    event_create,
    registration_confirmed,
    room_create,
    user_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return room_create()


@pytest.fixture
def participant(room):
    return registration_confirmed(event=room.event).user


@pytest.fixture
def coordinator():
    return coordinator_create(scope="18")


# --- rooms ---------------------------------------------------------------------


def test_coordinator_opens_one_room_per_day():
    event = event_create(kind="conference")
    coordinator = coordinator_create(scope="18")
    day = event.ordered_days[0]
    first = room_open(actor=coordinator, event=event, day=day)
    again = room_open(actor=coordinator, event=event, day=day)
    assert first.pk == again.pk
    assert QARoom.objects.count() == 1
    assert AuditEntry.objects.filter(action="events.qa.room_opened").count() == 1


def test_room_for_a_conference_session_is_named_after_it():
    event = event_create(kind="conference")
    session = event.programme_items.first()
    room = room_open(actor=coordinator_create(scope="18"), event=event, session=session)
    assert room.session == session
    assert session.title in room.title


def test_coordinator_of_another_voivodeship_cannot_open_a_room():
    event = event_create(kind="conference", organiser="18")
    with pytest.raises(EventError) as error:
        room_open(
            actor=coordinator_create(scope="06"),
            event=event,
            day=event.ordered_days[0],
        )
    assert error.value.code == "forbidden"


def test_day_of_another_event_is_refused():
    event = event_create(kind="conference")
    other = event_create(kind="conference")
    with pytest.raises(EventError) as error:
        room_open(
            actor=coordinator_create(scope="18"),
            event=event,
            day=other.ordered_days[0],
        )
    assert error.value.code == "not_found"


# --- asking --------------------------------------------------------------------


def test_participant_asks_and_the_question_is_shown(room, participant):
    question = question_ask(room=room, user=participant, text="  Jak liczyć godziny?  ")
    assert question.text == "Jak liczyć godziny?"
    assert question.status == Question.Status.APPROVED
    assert question.author_name == participant.get_full_name()


def test_question_is_held_when_the_room_is_premoderated(participant, room):
    room.premoderation = True
    room.save()
    question = question_ask(room=room, user=participant, text="Czy będzie przerwa?")
    assert question.status == Question.Status.HELD
    assert room_questions(room=room) == []
    assert room_questions(room=room, moderator=True) == [question]


def test_person_without_confirmed_registration_cannot_ask(room):
    with pytest.raises(EventError) as error:
        question_ask(room=room, user=user_create(), text="Mogę zapytać?")
    assert error.value.code == "not_registered"
    assert not Question.objects.exists()


def test_waitlisted_person_cannot_ask(room):
    registration = registration_confirmed(event=room.event, status="waitlisted")
    with pytest.raises(EventError):
        question_ask(room=room, user=registration.user, text="Czy jest miejsce?")


def test_overlong_question_is_refused(room, participant):
    with pytest.raises(EventError) as error:
        question_ask(room=room, user=participant, text="x" * 501)
    assert error.value.code == "too_long"
    assert not Question.objects.exists()


def test_empty_question_is_refused(room, participant):
    with pytest.raises(EventError) as error:
        question_ask(room=room, user=participant, text=" \n\t ")
    assert error.value.code == "too_short"


def test_control_characters_are_removed_and_markup_kept_as_text(room, participant):
    question = question_ask(
        room=room, user=participant, text="<b>Pytanie</b>\x00\x07 o <script>"
    )
    assert question.text == "<b>Pytanie</b> o <script>"


def test_asking_is_rate_limited_per_person(room, participant, settings):
    settings.EVENTS_QA_RATE_LIMIT = (2, 60)
    now = timezone.now()
    question_ask(room=room, user=participant, text="Pierwsze pytanie", now=now)
    question_ask(room=room, user=participant, text="Drugie pytanie", now=now)
    with pytest.raises(EventError) as error:
        question_ask(room=room, user=participant, text="Trzecie pytanie", now=now)
    assert error.value.code == "rate_limited"
    # Someone else is not limited by it, and a minute later neither is she.
    other = registration_confirmed(event=room.event).user
    question_ask(room=room, user=other, text="Inne pytanie", now=now)
    later = now + datetime.timedelta(seconds=61)
    question_ask(room=room, user=participant, text="Już można", now=later)
    assert Question.objects.count() == 4


# --- voting ----------------------------------------------------------------------


def test_upvote_counts_once_per_person(room, participant):
    question = question_ask(room=room, user=participant, text="Jak działa PZK?")
    voter = registration_confirmed(event=room.event).user
    question_vote(question=question, user=voter)
    question_vote(question=question, user=voter)
    question.refresh_from_db()
    assert question.votes_count == 1
    assert QuestionVote.objects.count() == 1


def test_own_question_cannot_be_upvoted(room, participant):
    question = question_ask(room=room, user=participant, text="Moje pytanie")
    with pytest.raises(EventError) as error:
        question_vote(question=question, user=participant)
    assert error.value.code == "own_question"


def test_hidden_question_cannot_be_upvoted(room, participant, coordinator):
    question = question_ask(room=room, user=participant, text="Do ukrycia")
    question_moderate(question=question, actor=coordinator, action="hide")
    with pytest.raises(EventError) as error:
        question_vote(
            question=question, user=registration_confirmed(event=room.event).user
        )
    assert error.value.code == "not_found"


def test_more_votes_move_a_question_up(room, participant):
    first = question_ask(room=room, user=participant, text="Pierwsze")
    second = question_ask(room=room, user=participant, text="Drugie")
    question_vote(question=second, user=registration_confirmed(event=room.event).user)
    assert room_questions(room=room) == [second, first]


# --- moderation ------------------------------------------------------------------


def test_coordinator_approves_a_held_question(room, participant, coordinator):
    room_set_premoderation(room=room, actor=coordinator, enabled=True)
    question = question_ask(room=room, user=participant, text="Czekam")
    question_moderate(question=question, actor=coordinator, action="approve")
    assert room_questions(room=room) == [question]
    assert AuditEntry.objects.filter(action="events.qa.question_approve").exists()


def test_pinned_question_comes_first_and_answered_last(room, participant, coordinator):
    a = question_ask(room=room, user=participant, text="Aaa")
    b = question_ask(room=room, user=participant, text="Bbb")
    c = question_ask(room=room, user=participant, text="Ccc")
    question_vote(question=a, user=registration_confirmed(event=room.event).user)
    question_moderate(question=c, actor=coordinator, action="pin")
    question_moderate(question=a, actor=coordinator, action="answered")
    assert room_questions(room=room) == [c, b, a]


def test_named_trainer_moderates_the_room(room, participant, coordinator):
    trainer = user_create()
    role_set(user=trainer, is_trainer=True, coordinator_scope="", actor=None)
    room.moderators.add(trainer)
    question = question_ask(room=room, user=participant, text="Do trenera")
    question_moderate(question=question, actor=trainer, action="answered")
    question.refresh_from_db()
    assert question.answered is True


def test_participant_cannot_moderate(room, participant):
    question = question_ask(room=room, user=participant, text="Sam zatwierdzę")
    with pytest.raises(EventError) as error:
        question_moderate(question=question, actor=participant, action="pin")
    assert error.value.code == "forbidden"


def test_coordinator_of_another_voivodeship_cannot_moderate(room, participant):
    question = question_ask(room=room, user=participant, text="Pytanie")
    with pytest.raises(EventError):
        question_moderate(
            question=question, actor=coordinator_create(scope="06"), action="hide"
        )


def test_unknown_moderation_action_is_refused(room, participant, coordinator):
    question = question_ask(room=room, user=participant, text="Pytanie")
    with pytest.raises(EventError) as error:
        question_moderate(question=question, actor=coordinator, action="delete")
    assert error.value.code == "bad_action"


# --- polls -----------------------------------------------------------------------


def test_moderator_opens_a_poll_with_distinct_options(room, coordinator):
    poll = poll_open(
        room=room,
        actor=coordinator,
        question="Czy PZK działa w Twojej gminie?",
        options=["Tak", "Nie", "Tak", " ", "Nie wiem"],
    )
    assert [o.label for o in poll.options.all()] == ["Tak", "Nie", "Nie wiem"]
    assert poll.status == Poll.Status.OPEN


def test_poll_needs_two_options(room, coordinator):
    with pytest.raises(EventError) as error:
        poll_open(room=room, actor=coordinator, question="Jedna?", options=["Tak"])
    assert error.value.code == "options"
    assert not Poll.objects.exists()


def test_participant_cannot_open_a_poll(room, participant):
    with pytest.raises(EventError):
        poll_open(room=room, actor=participant, question="Moja?", options=["A", "B"])


def test_participant_votes_once(room, participant, coordinator):
    poll = poll_open(room=room, actor=coordinator, question="Kawa?", options=["A", "B"])
    option = poll.options.first()
    poll_vote(poll=poll, user=participant, option_id=option.pk)
    with pytest.raises(EventError) as error:
        poll_vote(poll=poll, user=participant, option_id=option.pk)
    assert error.value.code == "already_voted"
    assert PollVote.objects.count() == 1


def test_option_of_another_poll_is_refused(room, participant, coordinator):
    poll = poll_open(room=room, actor=coordinator, question="Kawa?", options=["A", "B"])
    other = poll_open(
        room=room, actor=coordinator, question="Herbata?", options=["C", "D"]
    )
    with pytest.raises(EventError) as error:
        poll_vote(poll=poll, user=participant, option_id=other.options.first().pk)
    assert error.value.code == "not_found"


def test_closed_poll_takes_no_votes_and_keeps_results(room, participant, coordinator):
    poll = poll_open(room=room, actor=coordinator, question="Kawa?", options=["A", "B"])
    first = poll.options.first()
    poll_vote(
        poll=poll,
        user=registration_confirmed(event=room.event).user,
        option_id=first.pk,
    )
    poll_close(poll=poll, actor=coordinator)
    with pytest.raises(EventError) as error:
        poll_vote(poll=poll, user=participant, option_id=first.pk)
    assert error.value.code == "poll_closed"
    state = room_state(room=room, user=participant, role="participant")
    assert state["polls"][0]["status"] == "closed"
    assert state["polls"][0]["options"][0]["votes"] == 1


# --- the snapshot ------------------------------------------------------------------


def test_snapshot_remembers_my_votes_and_questions(room, participant, coordinator):
    mine = question_ask(room=room, user=participant, text="Moje")
    other_user = registration_confirmed(event=room.event).user
    theirs = question_ask(room=room, user=other_user, text="Cudze")
    question_vote(question=theirs, user=participant)
    poll = poll_open(room=room, actor=coordinator, question="Kawa?", options=["A", "B"])
    option = poll.options.last()
    poll_vote(poll=poll, user=participant, option_id=option.pk)
    state = room_state(room=room, user=participant, role="participant")
    assert state["my_votes"] == [theirs.pk]
    assert state["my_questions"] == [mine.pk]
    assert state["my_poll_votes"] == {str(poll.pk): option.pk}


def test_participant_snapshot_has_no_held_questions(room, participant, coordinator):
    room_set_premoderation(room=room, actor=coordinator, enabled=True)
    question_ask(room=room, user=participant, text="Wstrzymane")
    participant_state = room_state(room=room, user=participant, role="participant")
    moderator_state = room_state(room=room, user=coordinator, role="moderator")
    assert participant_state["questions"] == []
    assert [q["text"] for q in moderator_state["questions"]] == ["Wstrzymane"]


def test_snapshot_query_count_does_not_grow_with_the_room(
    room, participant, coordinator, django_assert_num_queries
):
    def fill(n):
        for i in range(n):
            asker = registration_confirmed(event=room.event).user
            question = question_ask(room=room, user=asker, text=f"Pytanie {i}")
            question_vote(question=question, user=participant)
            poll = poll_open(
                room=room,
                actor=coordinator,
                question=f"Ankieta {i}",
                options=["A", "B"],
            )
            poll_vote(poll=poll, user=participant, option_id=poll.options.first().pk)

    # Questions, polls, their options; the participant's own part in one.
    fill(1)
    with django_assert_num_queries(4):
        room_state(room=room, user=participant, role="participant")
    fill(4)
    with django_assert_num_queries(4):
        state = room_state(room=room, user=participant, role="participant")
    assert len(state["questions"]) == 5 and len(state["polls"]) == 5
