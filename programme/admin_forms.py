"""Admin forms: choices limited to the coordinator's scope (the services
check it again), and the path form refusing a rule that can never be met."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from szkola.accounts.constants import InstitutionSector
from szkola.accounts.permissions import user_voivodeships_in_scope

from .rules import rule_problems


class ScopedForm(WagtailAdminModelForm):
    """Narrows a voivodeship/organiser field to what the user coordinates."""

    scope_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_voivodeships_in_scope(self.for_user) if self.for_user else []
        field = self.fields.get(self.scope_field)
        if field is not None and scope is not None:
            field.choices = [
                (value, label)
                for value, label in field.choices
                if value in scope or value == ""
            ]
        for name in ("team", "event"):
            if name in self.fields and scope is not None:
                lookup = "voivodeship__in" if name == "team" else "organiser__in"
                self.fields[name].queryset = self.fields[name].queryset.filter(
                    **{lookup: scope}
                )


class TeamForm(ScopedForm):
    scope_field = "voivodeship"


class SupportSessionForm(ScopedForm):
    scope_field = "organiser"


class TeamPlacesForm(ScopedForm):
    scope_field = ""


class LearningPathForm(ScopedForm):
    scope_field = "organiser"

    def is_valid(self):
        """A path whose rule can never be met is refused here with the
        reasons in Polish (the service checks the same again on save)."""
        valid = super().is_valid()
        if not valid:
            return False
        formset = self.formsets.get("components")
        components = []
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            instance = form.instance
            for name, value in data.items():
                if name not in ("DELETE", "ORDER", "id", "path"):
                    setattr(instance, name, value)
            components.append(instance)
        problems = rule_problems(
            components=components,
            min_optional=self.cleaned_data.get("min_optional") or 0,
        )
        if problems:
            self.add_error(None, " ".join(str(p) for p in problems))
            return False
        return True


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Adres e-mail"))
    first_name = forms.CharField(label=_("Imię"), max_length=150)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=150)
    institution_name = forms.CharField(label=_("Instytucja"), max_length=255)
    institution_sector = forms.ChoiceField(
        label=_("Sektor instytucji"), choices=InstitutionSector.choices
    )
    position = forms.CharField(label=_("Stanowisko"), max_length=150, required=False)
    role = forms.CharField(label=_("Rola w zespole"), max_length=150, required=False)
