"""Every write of live Q&A and polls. Each runs in one transaction, writes
an audit entry for moderators' decisions, and pushes the change to the room's
pages after commit:

- ``qa.room.<id>``: everyone in the room (participants, projector) - only
  what they may see (approved questions, polls);
- ``qa.room.<id>.mod``: moderators - every question, held ones included.
"""

import datetime
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.home.generations import generation_bump
from szkola.live.push import push_on_commit

from ..errors import EventError
from ..models import EventDay, EventPage, ProgrammeItem
from .models import (
    QUESTION_MAX_LENGTH,
    Poll,
    PollOption,
    PollVote,
    QARoom,
    Question,
    QuestionVote,
)
from .selectors import (
    poll_with_results,
    room_generation,
    user_may_moderate,
    user_may_participate,
)

Status = Question.Status

QUESTION_MIN_LENGTH = 3
POLL_MIN_OPTIONS = 2
POLL_MAX_OPTIONS = 8


def room_group(room_id: int) -> str:
    return f"qa.room.{room_id}"


def moderators_group(room_id: int) -> str:
    return f"qa.room.{room_id}.mod"


def _rate_limit() -> tuple[int, int]:
    """(questions, seconds) one person may ask in a room."""
    from szkola.accounts.permissions import rate_limit_setting

    return rate_limit_setting("EVENTS_QA_RATE_LIMIT", (3, 60))


def _clean_text(text: str, *, max_length: int) -> str:
    # Plain text only: control characters (other than new lines) go, runs of
    # blank lines shrink. Escaping happens where it is shown.
    text = "".join(
        ch for ch in str(text or "") if ch == "\n" or unicodedata.category(ch)[0] != "C"
    )
    lines = [line.strip() for line in text.strip().splitlines()]
    text = "\n".join(line for line in lines if line)
    if len(text) > max_length:
        raise EventError(
            "too_long",
            _("Tekst może mieć najwyżej %(n)s znaków.") % {"n": max_length},
        )
    return text


def room_state_forget(room_id: int) -> None:
    """The room changed: sockets connecting from now on (and after commit)
    read its shared state afresh (see selectors.room_shared_state)."""
    generation_bump(room_generation(room_id))


def _push_question(question: Question, *, was_visible: bool = True) -> None:
    room_state_forget(question.room_id)
    payload = question.as_payload()
    push_on_commit(
        moderators_group(question.room_id), {"event": "question", "question": payload}
    )
    if question.status == Status.APPROVED:
        push_on_commit(
            room_group(question.room_id), {"event": "question", "question": payload}
        )
    elif was_visible:
        # Gone from everyone else's view.
        push_on_commit(
            room_group(question.room_id),
            {"event": "question_removed", "id": question.pk},
        )


def _ensure_moderator(*, actor: User, room: QARoom) -> None:
    if not user_may_moderate(user=actor, room=room):
        raise EventError("forbidden", _("Nie jesteś moderatorem tego pokoju pytań."))


def _ensure_participant(*, user: User, room: QARoom) -> None:
    if not user_may_participate(user=user, room=room):
        raise EventError(
            "not_registered",
            _("Pytania zadają uczestnicy z potwierdzonym miejscem na wydarzeniu."),
        )


# --- rooms ---------------------------------------------------------------------


@transaction.atomic
def room_open(
    *,
    actor: User,
    event: EventPage,
    day: EventDay | None = None,
    session: ProgrammeItem | None = None,
    premoderation: bool = False,
) -> QARoom:
    """The room of an event day or a conference session, created on first
    use by someone who may moderate it; an existing room is returned as it
    is. Raises EventError ``forbidden`` or ``not_found``."""
    from szkola.accounts.permissions import user_may_act_on_voivodeship

    if not user_may_act_on_voivodeship(actor, event.organiser):
        raise EventError("forbidden", _("Nie koordynujesz tego wydarzenia."))
    if (day is None) == (session is None):
        raise EventError("not_found", _("Wskaż dzień albo sesję wydarzenia."))
    if (day or session).page_id != event.pk:
        raise EventError(
            "not_found", _("Ten dzień lub sesja należy do innego wydarzenia.")
        )
    existing = QARoom.objects.filter(
        **({"session": session} if session else {"day": day, "session": None})
    ).first()
    if existing:
        return existing
    if session:
        title = f"{session.title} ({session.date:%d.%m.%Y}, {session.start:%H:%M})"
    else:
        title = f"{event.title} — {day.date:%d.%m.%Y}"
    room = QARoom.objects.create(
        event=event,
        day=day,
        session=session,
        title=title[:255],
        premoderation=premoderation,
    )
    audit_log(actor=actor, action="events.qa.room_opened", obj=room, data={})
    return room


@transaction.atomic
def room_set_premoderation(*, room: QARoom, actor: User, enabled: bool) -> QARoom:
    """Switch pre-moderation: when on, new questions wait for a moderator."""
    _ensure_moderator(actor=actor, room=room)
    QARoom.objects.filter(pk=room.pk).update(premoderation=enabled)
    room.premoderation = enabled
    room_state_forget(room.pk)
    audit_log(
        actor=actor,
        action="events.qa.premoderation",
        obj=room,
        data={"enabled": enabled},
    )
    payload = {
        "event": "room",
        "room": {"id": room.pk, "title": room.title, "premoderation": enabled},
    }
    push_on_commit(moderators_group(room.pk), payload)
    push_on_commit(room_group(room.pk), payload)
    return room


# --- questions -----------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, room: QARoom, user: User, text: str, now: datetime.datetime | None = None
) -> Question:
    """A participant's question: held for a moderator when the room is
    pre-moderated, else shown at once. Raises EventError ``not_registered``,
    ``too_short``, ``too_long`` or ``rate_limited``."""
    now = now or timezone.now()
    _ensure_participant(user=user, room=room)
    text = _clean_text(text, max_length=QUESTION_MAX_LENGTH)
    if len(text) < QUESTION_MIN_LENGTH:
        raise EventError("too_short", _("Wpisz treść pytania."))
    limit, seconds = _rate_limit()
    recent = Question.objects.filter(
        room=room, author=user, created_at__gt=now - datetime.timedelta(seconds=seconds)
    ).count()
    if recent >= limit:
        raise EventError(
            "rate_limited",
            _("Za dużo pytań naraz: spróbuj ponownie za chwilę."),
        )
    room_now = QARoom.objects.only("premoderation").get(pk=room.pk)
    question = Question.objects.create(
        room=room,
        author=user,
        author_name=user.get_full_name() or _("Uczestnik"),
        text=text,
        status=Status.HELD if room_now.premoderation else Status.APPROVED,
        created_at=now,
    )
    _push_question(question, was_visible=False)
    return question


@transaction.atomic
def question_vote(*, question: Question, user: User) -> Question:
    """One upvote per person on someone else's visible question; a second
    vote changes nothing. Raises EventError ``not_registered``, ``not_found``
    or ``own_question``."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    room = QARoom.objects.select_related("event").get(pk=question.room_id)
    _ensure_participant(user=user, room=room)
    if question.status != Status.APPROVED:
        raise EventError("not_found", _("Tego pytania nie ma już na liście."))
    if question.author_id == user.pk:
        raise EventError("own_question", _("Nie można głosować na własne pytanie."))
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=user)
    except IntegrityError:
        return question
    Question.objects.filter(pk=question.pk).update(votes_count=F("votes_count") + 1)
    question.refresh_from_db()
    _push_question(question)
    return question


MODERATION_ACTIONS = {"approve", "hide", "answered", "unanswered", "pin", "unpin"}


@transaction.atomic
def question_moderate(*, question: Question, actor: User, action: str) -> Question:
    """approve / hide / answered / unanswered / pin / unpin. Raises
    EventError ``forbidden`` or ``bad_action``."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    room = QARoom.objects.select_related("event").get(pk=question.room_id)
    _ensure_moderator(actor=actor, room=room)
    if action not in MODERATION_ACTIONS:
        raise EventError("bad_action", _("Nieznana czynność."))
    was_visible = question.status == Status.APPROVED
    if action == "approve":
        question.status = Status.APPROVED
    elif action == "hide":
        question.status = Status.HIDDEN
        question.pinned = False
    elif action in {"answered", "unanswered"}:
        question.answered = action == "answered"
    else:
        question.pinned = action == "pin"
    question.save(update_fields=["status", "answered", "pinned"])
    audit_log(
        actor=actor,
        action=f"events.qa.question_{action}",
        obj=question,
        data={"room": room.pk},
    )
    _push_question(question, was_visible=was_visible)
    return question


# --- polls ---------------------------------------------------------------------


def _push_poll(poll_id: int, room_id: int) -> None:
    room_state_forget(room_id)
    poll = poll_with_results(poll_id=poll_id)
    payload = {"event": "poll", "poll": poll.as_payload()}
    push_on_commit(room_group(room_id), payload)
    push_on_commit(moderators_group(room_id), payload)


@transaction.atomic
def poll_open(*, room: QARoom, actor: User, question: str, options: list[str]) -> Poll:
    """Open a single-choice poll at once. Raises EventError ``forbidden``,
    ``too_short``, ``too_long`` or ``options``."""
    _ensure_moderator(actor=actor, room=room)
    question = _clean_text(question, max_length=300)
    if len(question) < QUESTION_MIN_LENGTH:
        raise EventError("too_short", _("Wpisz pytanie ankiety."))
    labels = []
    for option in options:
        label = _clean_text(option, max_length=200).replace("\n", " ")
        if label and label not in labels:
            labels.append(label)
    if not POLL_MIN_OPTIONS <= len(labels) <= POLL_MAX_OPTIONS:
        raise EventError(
            "options",
            _("Ankieta ma od %(min)s do %(max)s różnych odpowiedzi.")
            % {"min": POLL_MIN_OPTIONS, "max": POLL_MAX_OPTIONS},
        )
    poll = Poll.objects.create(room=room, question=question, created_by=actor)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label, position=n) for n, label in enumerate(labels)
    )
    audit_log(actor=actor, action="events.qa.poll_opened", obj=poll, data={})
    _push_poll(poll.pk, room.pk)
    return poll


@transaction.atomic
def poll_vote(*, poll: Poll, user: User, option_id: int) -> Poll:
    """One vote per person in an open poll. Raises EventError
    ``not_registered``, ``poll_closed``, ``not_found`` or ``already_voted``."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    room = QARoom.objects.select_related("event").get(pk=poll.room_id)
    _ensure_participant(user=user, room=room)
    if poll.status != Poll.Status.OPEN:
        raise EventError("poll_closed", _("Głosowanie w tej ankiecie jest zamknięte."))
    option = PollOption.objects.filter(poll=poll, pk=option_id).first()
    if option is None:
        raise EventError("not_found", _("Nie ma takiej odpowiedzi."))
    try:
        with transaction.atomic():
            PollVote.objects.create(poll=poll, option=option, user=user)
    except IntegrityError as error:
        raise EventError(
            "already_voted", _("Twój głos w tej ankiecie już został oddany.")
        ) from error
    _push_poll(poll.pk, room.pk)
    return poll


@transaction.atomic
def poll_close(*, poll: Poll, actor: User) -> Poll:
    """Close voting; the results stay visible. Raises EventError
    ``forbidden``."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    room = QARoom.objects.select_related("event").get(pk=poll.room_id)
    _ensure_moderator(actor=actor, room=room)
    if poll.status != Poll.Status.CLOSED:
        poll.status = Poll.Status.CLOSED
        poll.closed_at = timezone.now()
        poll.save(update_fields=["status", "closed_at"])
        audit_log(actor=actor, action="events.qa.poll_closed", obj=poll, data={})
        _push_poll(poll.pk, room.pk)
    return poll
