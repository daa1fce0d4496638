"""The admin form of pages that belong to an organiser (events, courses)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import user_may_act_on_voivodeship, user_voivodeships_in_scope


class OrganiserScopedPageForm(WagtailAdminPageForm):
    """A coordinator picks only an organiser in their scope (the list offers
    nothing else), and the server refuses any other value sent anyway. An
    unchanged organiser is always accepted: whether the page may be edited
    at all is Wagtail's page permission, which already follows it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organiser")
        if field is None or self.for_user is None:
            return
        self._original_organiser = self.instance.organiser if self.instance.pk else None
        allowed = user_voivodeships_in_scope(self.for_user)
        if allowed is None:
            return
        allowed = list(allowed)
        if self._original_organiser:
            allowed.append(self._original_organiser)
        field.choices = [
            (value, label) for value, label in field.choices if value in allowed
        ]
        if not self.instance.pk and len(allowed) == 1:
            self.initial.setdefault("organiser", allowed[0])

    def clean_organiser(self):
        value = self.cleaned_data.get("organiser")
        if self.for_user is None or value == getattr(self, "_original_organiser", None):
            return value
        if not user_may_act_on_voivodeship(self.for_user, value):
            raise ValidationError(
                _(
                    "Możesz wybrać tylko swoje województwo jako organizatora; "
                    "wydarzenia i kursy ponadregionalne prowadzi zespół lidera."
                ),
                code="organiser_out_of_scope",
            )
        return value
