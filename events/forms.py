"""Forms of the events app: data in, services decide."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Diet, EventPage
from .rules import allowed_nights

ACCESSIBILITY_NEEDS_MAX_LENGTH = 1000


def needs_fields_fit(form: forms.Form, event: EventPage, *, day_format: str):
    """Fit a form's needs fields to ``event``: the nights it offers (each
    as "day → next day", the days in ``day_format``), no nights field
    without accommodation, no meals and diet fields without meals."""
    nights = allowed_nights(event)
    if nights:
        form.fields["nights"].choices = [
            (
                n.isoformat(),
                f"{date_format(n, day_format)} → "
                f"{date_format(n + datetime.timedelta(days=1), f'{day_format} Y')}",
            )
            for n in nights
        ]
    else:
        del form.fields["nights"]
    if not event.meals_offered:
        for name in ("meals", "diet", "diet_notes"):
            del form.fields[name]


class RegistrationForm(forms.Form):
    nights = forms.MultipleChoiceField(
        label=_("Noclegi"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zaznacz noce, na które potrzebujesz noclegu."),
    )
    meals = forms.BooleanField(label=_("Korzystam z wyżywienia"), required=False)
    diet = forms.ChoiceField(
        label=_("Dieta"), choices=Diet.choices, initial=Diet.STANDARD
    )
    diet_notes = forms.CharField(
        label=_("Uwagi o diecie (np. alergie)"), max_length=255, required=False
    )
    accessibility_needs = forms.CharField(
        label=_("Potrzeby związane z dostępnością"),
        required=False,
        max_length=ACCESSIBILITY_NEEDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Np. tłumacz PJM, pętla indukcyjna, miejsce dla wózka."),
    )
    accept_waitlist = forms.BooleanField(
        label=_("Jeśli zabraknie miejsc, zapisz mnie na listę rezerwową"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, event: EventPage, full: bool = False, **kwargs):

        super().__init__(*args, **kwargs)
        self.event = event
        needs_fields_fit(self, event, day_format="l, j E")
        if event.meals_offered:
            self.fields["meals"].initial = True
        if full:
            self.fields["accept_waitlist"].help_text = _("Obecnie brak wolnych miejsc.")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "nights": data.get("nights") or [],
            "meals": bool(data.get("meals")),
            "diet": data.get("diet") or Diet.STANDARD,
            "diet_notes": data.get("diet_notes", ""),
            "accessibility_needs": data.get("accessibility_needs", ""),
            "accept_waitlist": bool(data.get("accept_waitlist")),
        }


class CheckinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kod z potwierdzenia"),
        max_length=200,
        help_text=_("Zeskanuj kod QR albo przepisz kod spod niego."),
    )


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Szukaj po nazwisku lub instytucji"), required=False, max_length=100
    )
