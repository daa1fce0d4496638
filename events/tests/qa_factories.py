"""Factories for live Q&A and the check-in board."""

from ..models import Registration
from ..qa.models import QARoom
from .factories import (
    RegistrationFactory,
    coordinator_create,
    event_create,
    user_create,
)


def registration_confirmed(*, event, user=None, **fields) -> Registration:
    fields.setdefault("institution_name", "GOPS Zagórz")
    return RegistrationFactory(
        event=event, user=user or user_create(), voivodeship="18", **fields
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
