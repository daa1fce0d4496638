"""Reads about a participant's needs: the answers of their last registration,
offered again when they register for another event (or the same one after
cancelling)."""

from szkola.accounts.models import User

from .forms import RegistrationForm
from .forms_needs import needs_initial
from .models import EventPage, Registration


def previous_registration(*, user: User) -> Registration | None:
    """The user's most recent registration (any event, any status), with its
    event."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("-created_at", "-pk")
        .first()
    )


def registration_form_prefilled(
    *, event: EventPage, user: User, full: bool = False
) -> RegistrationForm:
    """The registration form of ``event``, filled in with the answers of the
    user's most recent registration when there is one; ``form.prefilled_from``
    is then that registration (the page says where the answers come from)."""
    form = RegistrationForm(event=event, full=full)
    previous = previous_registration(user=user) if user.is_authenticated else None
    form.prefilled_from = previous
    if previous is not None:
        form.initial.update(needs_initial(previous, form=form))
    return form
