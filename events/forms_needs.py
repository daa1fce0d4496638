"""The participant's needs form: the registration form without the
waiting-list choice, so both keep the same fields and the same rules."""

from .forms import RegistrationForm
from .models import Registration
from .needs_selectors import needs_initial


class RegistrationNeedsForm(RegistrationForm):
    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, event=registration.event, **kwargs)
        del self.fields["accept_waitlist"]
        if not self.is_bound:
            self.initial.update(
                needs_initial(registration=registration, event=registration.event)
            )

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        del kwargs["accept_waitlist"]
        return kwargs
