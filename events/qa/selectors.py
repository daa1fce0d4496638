"""Reads of live Q&A: who may do what in a room, and
the full state a page shows (sent on every connect, so a reconnecting page
is in step at once)."""

import functools
import json
import pickle

from django.db import connection
from django.db.models import Count, Prefetch

from szkola.accounts.permissions import user_may_act_on_voivodeship
from szkola.home.generations import cached, cached_in_process

from ..models import Registration
from .models import Poll, PollOption, PollVote, QARoom, Question, QuestionVote

Status = Question.Status


def room_get(*, pk: int) -> QARoom | None:
    return (
        QARoom.objects.select_related("event", "day", "session").filter(pk=pk).first()
    )


def room_for_socket(*, pk: int, role: str) -> tuple[QARoom | None, str]:
    """For a socket's connect: the room as ``room_get`` reads it (a copy of
    its own for each caller, to hand to the services) and what every socket
    of ``role`` gets alike, as JSON text (``room_shared_json``). Kept in the
    process's memory while the room's generation stands (renewed by changes
    to the room and by publishing its event, see services.room_state_forget):
    a connect pays one cache read for both."""
    moderator = role == "moderator"

    def load() -> tuple[bytes, str]:
        room = room_get(pk=pk)
        shared = room_shared_json(room=room, role=role) if room is not None else ""
        return pickle.dumps(room), shared

    pickled, shared = cached_in_process(
        room_generation(pk), "socket.moderator" if moderator else "socket.all", load
    )
    return pickle.loads(pickled), shared  # noqa: S301 - written by load above


def user_may_moderate(*, user, room: QARoom) -> bool:
    """The event's coordinator (scope covering its organiser) or a trainer
    named on the room."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_may_act_on_voivodeship(user, room.event.organiser):
        return True
    return room.moderators.filter(pk=user.pk).exists()


def user_may_participate(*, user, room: QARoom) -> bool:
    """Signed in with a confirmed registration for the room's event (or a
    moderator of the room)."""
    if not user.is_authenticated or not user.is_active:
        return False
    confirmed = Registration.objects.filter(
        event_id=room.event_id, user=user, status=Registration.Status.CONFIRMED
    ).exists()
    return confirmed or user_may_moderate(user=user, room=room)


def room_questions(*, room: QARoom, moderator: bool = False) -> list[Question]:
    """Questions in display order: pinned first, then open ones by votes,
    answered last. Held and hidden ones only for moderators."""
    questions = Question.objects.filter(room=room)
    if not moderator:
        questions = questions.filter(status=Status.APPROVED)
    return list(questions.order_by(*Question._meta.ordering))


def room_polls(*, room: QARoom) -> list[Poll]:
    return list(
        Poll.objects.filter(room=room).prefetch_related(
            Prefetch(
                "options",
                queryset=PollOption.objects.annotate(votes_total=Count("votes")),
            )
        )
    )


def poll_with_results(*, poll_id: int) -> Poll:
    return (
        Poll.objects.prefetch_related(
            Prefetch(
                "options",
                queryset=PollOption.objects.annotate(votes_total=Count("votes")),
            )
        )
    ).get(pk=poll_id)


def room_generation(room_id: int) -> str:
    """The cache generation of a room's shared state (replaced by every
    change the services push to the room, see services.room_state_forget)."""
    return f"qa.room.{room_id}"


def room_shared_state(*, room: QARoom, role: str) -> dict:
    """What every socket of ``role`` in the room gets alike (the room, its
    questions, its polls), from the cache: a thousand phones reconnecting at
    once read it from the database once."""
    moderator = role == "moderator"

    def load() -> dict:
        return {
            "room": {
                "id": room.pk,
                "title": room.title,
                "premoderation": room.premoderation,
            },
            "questions": [
                q.as_payload() for q in room_questions(room=room, moderator=moderator)
            ],
            "polls": [p.as_payload() for p in room_polls(room=room)],
        }

    return cached(room_generation(room.pk), "moderator" if moderator else "all", load)


def room_shared_json(*, room: QARoom, role: str) -> str:
    """``room_shared_state`` as JSON text without its braces, encoded once per
    change of the room (in each process) and sent as it is by every socket:
    a thousand sockets connecting at once do not encode it a thousand
    times."""
    moderator = role == "moderator"
    return cached_in_process(
        room_generation(room.pk),
        "json.moderator" if moderator else "json.all",
        lambda: json.dumps(room_shared_state(room=room, role=role))[1:-1],
    )


# What room_own_part's rows are, in its one query.
_OWN_VOTE, _OWN_QUESTION, _OWN_POLL_VOTE, _OWN_CONFIRMED = 1, 2, 3, 4


@functools.cache
def _own_part_sql() -> str:
    # Written out rather than built by the ORM: every connect asks, and
    # compiling the three unioned querysets cost more CPU (about 1.5 ms, in
    # the one thread that serves every socket's database work) than reading.
    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    vote, question = table(QuestionVote), table(Question)
    poll_vote, poll = table(PollVote), table(Poll)
    registration = table(Registration)
    return (
        f"SELECT {_OWN_VOTE}, v.question_id, 0 FROM {vote} v"
        f" JOIN {question} q ON q.id = v.question_id"
        " WHERE q.room_id = %s AND v.user_id = %s"
        f" UNION ALL SELECT {_OWN_QUESTION}, q.id, 0 FROM {question} q"
        " WHERE q.room_id = %s AND q.author_id = %s"
        f" UNION ALL SELECT {_OWN_POLL_VOTE}, v.poll_id, v.option_id"
        f" FROM {poll_vote} v JOIN {poll} p ON p.id = v.poll_id"
        " WHERE p.room_id = %s AND v.user_id = %s"
        f" UNION ALL SELECT {_OWN_CONFIRMED}, 0, 0 FROM {registration} r"
        " WHERE r.event_id = %s AND r.user_id = %s AND r.status = %s"
    )


def room_own_part(*, room: QARoom, user) -> dict:
    """What the participant did in the room, in id order: their votes, their
    questions (held ones too) and their poll answers."""
    return participant_entry(room=room, user=user)[1]


def participant_entry(*, room: QARoom, user) -> tuple[bool, dict]:
    """For a participant's connect: whether their registration for the
    room's event is confirmed (``user_may_participate`` without the
    moderators) and their own part (``room_own_part``), read in one query
    (four lists unioned, each row tagged with its kind) since every connect
    asks."""
    with connection.cursor() as cursor:
        cursor.execute(
            _own_part_sql(),
            [room.pk, user.pk] * 3
            + [room.event_id, user.pk, Registration.Status.CONFIRMED.value],
        )
        rows = cursor.fetchall()
    own = {"my_votes": [], "my_questions": [], "my_poll_votes": {}}
    confirmed = False
    for kind, first, second in sorted(rows):
        if kind == _OWN_VOTE:
            own["my_votes"].append(first)
        elif kind == _OWN_QUESTION:
            own["my_questions"].append(first)
        elif kind == _OWN_POLL_VOTE:
            own["my_poll_votes"][str(first)] = second
        else:
            confirmed = True
    return confirmed, own


def room_state(*, room: QARoom, user, role: str) -> dict:
    """The snapshot a page gets on connect. ``role`` is participant,
    moderator or projector."""
    state = {"event": "state", "role": role, **room_shared_state(room=room, role=role)}
    if role == "participant":
        state.update(room_own_part(room=room, user=user))
    return state


def room_state_json(
    *,
    room: QARoom,
    user,
    role: str,
    shared: str | None = None,
    own: dict | None = None,
) -> str:
    """``room_state`` as the JSON text a socket sends: the shared part as
    encoded once (``room_shared_json``, or ``shared`` as ``room_for_socket``
    gave it), the person's own part (``own`` as ``participant_entry`` read
    it, else read now) encoded here."""
    parts = [json.dumps({"event": "state", "role": role})[1:-1]]
    parts.append(shared or room_shared_json(room=room, role=role))
    if role == "participant":
        if own is None:
            own = room_own_part(room=room, user=user)
        parts.append(json.dumps(own)[1:-1])
    return "{" + ", ".join(parts) + "}"


def rooms_of_event(*, event) -> list[QARoom]:
    return list(
        QARoom.objects.filter(event=event)
        .select_related("day", "session")
        .order_by("day__date", "session__date", "session__start", "pk")
    )
