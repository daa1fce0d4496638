"""The demo's live Q&A room (see ``seed``)."""

from django.utils import timezone

from szkola.accounts.models import User

from ..models import EventPage, Registration
from .data import LIVE_QUESTIONS

Status = Registration.Status


def qa_room_seed(event: EventPage, made: dict, *, coordinator: User | None) -> None:
    """The open Q&A room of today's training day: pre-moderated, with
    questions in every state, upvotes and a running poll, opened by the
    organiser's demo ``coordinator`` (nothing without one)."""
    from ..qa.models import QARoom
    from ..qa.services import (
        poll_open,
        poll_vote,
        question_ask,
        question_moderate,
        question_vote,
        room_open,
    )

    today = timezone.localdate()
    day = next((d for d in event.ordered_days if d.date == today), None)
    if day is None or coordinator is None:
        return
    if QARoom.objects.filter(day=day, session=None).exists():
        return
    room = room_open(actor=coordinator, event=event, day=day, premoderation=True)
    made["qa rooms"] += 1
    people_in = [
        r.user
        for r in Registration.objects.filter(event=event, status=Status.CONFIRMED)
        .select_related("user")
        .order_by("pk")
    ]
    if len(people_in) < 2:
        return
    questions = []
    for index, (text, action) in enumerate(LIVE_QUESTIONS):
        author = people_in[index % len(people_in)]
        question = question_ask(room=room, user=author, text=text)
        if action in ("approve", "answered", "pin"):
            question_moderate(question=question, actor=coordinator, action="approve")
        if action in ("answered", "pin"):
            question_moderate(question=question, actor=coordinator, action=action)
        questions.append(question)
    # Upvotes from the others: the first question leads the list.
    for question, voters in ((questions[0], people_in), (questions[2], people_in[:1])):
        for voter in voters:
            if voter.pk != question.author_id:
                question_vote(question=question, user=voter)
    poll = poll_open(
        room=room,
        actor=coordinator,
        question="Jak często spotyka się Wasz Partnerski Zespół Kooperacji?",
        options=["co tydzień", "co miesiąc", "co kwartał", "jeszcze się nie spotkał"],
    )
    options = list(poll.options.order_by("pk"))
    for index, voter in enumerate(people_in[:4]):
        poll_vote(poll=poll, user=voter, option_id=options[index % 2].pk)
