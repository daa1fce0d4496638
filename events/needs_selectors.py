"""Reads about a participant's needs: the answers of their last registration,
offered again when they register for another event (or the same one after
cancelling)."""

from szkola.accounts.models import User

from .models import EventPage, Registration
from .rules import allowed_nights


def previous_registration(*, user: User) -> Registration | None:
    """The user's most recent registration (any event, any status), with its
    event."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("-created_at", "-pk")
        .first()
    )


def needs_initial(*, registration: Registration, event: EventPage) -> dict:
    """The answers of ``registration`` as initial data of ``event``'s
    registration form: the nights that ``event`` offers, and meals and diet
    only when the registration's event offered meals (else "no meals" was not
    the person's answer)."""
    initial: dict = {"accessibility_needs": registration.accessibility_needs}
    if registration.event.meals_offered:
        initial.update(
            meals=registration.meals,
            diet=registration.diet,
            diet_notes=registration.diet_notes,
        )
    offered = {night.isoformat() for night in allowed_nights(event)}
    if offered:
        initial["nights"] = [n for n in registration.nights if n in offered]
    return initial


def registration_prefill(
    *, event: EventPage, user: User
) -> tuple[Registration | None, dict]:
    """The user's most recent registration and its answers as initial data
    of ``event``'s registration form; ``(None, {})`` when there is none (the
    page says where the answers come from)."""
    previous = previous_registration(user=user) if user.is_authenticated else None
    if previous is None:
        return None, {}
    return previous, needs_initial(registration=previous, event=event)
