"""Factories for live Q&A and the check-in board."""

from ..models import Registration
from ..qa.models import QARoom
from .factories import coordinator_create, event_create, user_create


def registration_confirmed(*, event, user=None, **fields) -> Registration:
    user = user or user_create()
    return Registration.objects.create(
        event=event,
        user=user,
        status=fields.pop("status", Registration.Status.CONFIRMED),
        participant_name=user.get_full_name(),
        institution_name=fields.pop("institution_name", "GOPS Zagórz"),
        voivodeship="18",
        **fields,
    )


def room_create(*, event=None, premoderation=False, **event_kwargs) -> QARoom:
    event = event or event_create(kind="conference", **event_kwargs)
    day = event.ordered_days[0]
    return QARoom.objects.create(
        event=event,
        day=day,
        title=f"{event.title} — dzień 1",
        premoderation=premoderation,
    )


__all__ = [
    "coordinator_create",
    "event_create",
    "registration_confirmed",
    "room_create",
    "user_create",
]
