"""The participant's needs form: the registration form without the
waiting-list choice, so both keep the same fields and the same rules."""

from .forms import RegistrationForm
from .models import Registration

# What the participant answered, by form field, in the form's terms.
NEEDS_ANSWERS = ("meals", "diet", "diet_notes", "accessibility_needs")


def needs_initial(registration: Registration, *, form: RegistrationForm) -> dict:
    """The answers of ``registration`` as initial data of ``form``: the nights
    this form offers, and meals and diet only when that event offered meals
    (else "no meals" was not the person's answer)."""
    initial: dict = {"accessibility_needs": registration.accessibility_needs}
    if registration.event.meals_offered:
        initial.update(
            meals=registration.meals,
            diet=registration.diet,
            diet_notes=registration.diet_notes,
        )
    if "nights" in form.fields:
        offered = {value for value, _label in form.fields["nights"].choices}
        initial["nights"] = [n for n in registration.nights if n in offered]
    return initial


class RegistrationNeedsForm(RegistrationForm):
    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, event=registration.event, **kwargs)
        del self.fields["accept_waitlist"]
        if not self.is_bound:
            self.initial.update(needs_initial(registration, form=self))

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        del kwargs["accept_waitlist"]
        return kwargs
