"""The participant's form: the SL2014 data with the legal basis stated."""

from django import forms
from django.utils.translation import gettext_lazy as _

from szkola.accounts.constants import Voivodeship

from . import rules
from .errors import MonitoringError
from .services import participant_data_validate


def _blank(choices):
    return [("", _("— wybierz —")), *choices]


class ParticipantDataForm(forms.Form):
    notice_accepted = forms.BooleanField(
        label=_(
            "Zapoznałam/zapoznałem się z informacją o przetwarzaniu moich danych "
            "w projekcie i podaję je zgodnie z prawdą."
        ),
        required=False,
    )
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    no_pesel = forms.BooleanField(label=_("Nie mam numeru PESEL"), required=False)
    birth_date = forms.DateField(
        label=_("Data urodzenia"),
        required=False,
        help_text=_("Tylko bez numeru PESEL (z numeru odczytamy ją sami)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Podaj datę urodzenia w postaci RRRR-MM-DD.")},
    )
    sex = forms.ChoiceField(
        label=_("Płeć"),
        choices=_blank(rules.Sex.choices),
        required=False,
        help_text=_("Tylko bez numeru PESEL."),
    )
    education = forms.ChoiceField(
        label=_("Wykształcenie"),
        choices=_blank(rules.Education.choices),
        required=False,
    )
    voivodeship = forms.ChoiceField(
        label=_("Województwo"), choices=_blank(Voivodeship.choices), required=False
    )
    powiat = forms.CharField(label=_("Powiat"), max_length=100, required=False)
    gmina = forms.CharField(label=_("Gmina"), max_length=100, required=False)
    town = forms.CharField(label=_("Miejscowość"), max_length=100, required=False)
    street = forms.CharField(label=_("Ulica"), max_length=150, required=False)
    building_number = forms.CharField(
        label=_("Numer budynku"), max_length=20, required=False
    )
    flat_number = forms.CharField(
        label=_("Numer lokalu"), max_length=20, required=False
    )
    postcode = forms.CharField(
        label=_("Kod pocztowy"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    area_type = forms.ChoiceField(
        label=_("Obszar zamieszkania (stopień urbanizacji, DEGURBA)"),
        choices=_blank(rules.AreaType.choices),
        required=False,
        help_text=_(
            "Gminy wiejskie to zwykle obszar wiejski (DEGURBA 3). W razie "
            "wątpliwości zapytaj koordynatora."
        ),
    )
    phone = forms.CharField(
        label=_("Telefon kontaktowy"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    labour_status = forms.ChoiceField(
        label=_("Status na rynku pracy w chwili przystąpienia do projektu"),
        choices=_blank(rules.LabourStatus.choices),
        required=False,
    )
    occupation = forms.ChoiceField(
        label=_("Wykonywany zawód (osoba pracująca)"),
        choices=_blank(rules.Occupation.choices),
        required=False,
    )
    institution_name = forms.CharField(
        label=_("Nazwa instytucji (pracodawcy)"), max_length=255, required=False
    )
    institution_nip = forms.CharField(
        label=_("NIP instytucji"), max_length=13, required=False
    )
    institution_type = forms.ChoiceField(
        label=_("Typ instytucji"),
        choices=_blank(rules.InstitutionType.choices),
        required=False,
    )

    situation_after = forms.ChoiceField(
        label=_("Twoja sytuacja po zakończeniu udziału w projekcie"),
        choices=_blank(rules.SituationAfter.choices),
        required=False,
        help_text=_(
            "Pytamy o nią do czterech tygodni po ostatniej formie wsparcia; "
            "wymaga tego monitorowanie Europejskiego Funduszu Społecznego."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for key, question in rules.SPECIAL_SITUATIONS:
            self.fields[f"special_{key}"] = forms.ChoiceField(
                label=question,
                choices=rules.Answer.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def special_fields(self):
        return [self[f"special_{key}"] for key in rules.SPECIAL_SITUATION_KEYS]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["special"] = {
            key: data.pop(f"special_{key}", "") for key in rules.SPECIAL_SITUATION_KEYS
        }
        return data

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            participant_data_validate(self.service_data())
        except MonitoringError as error:
            for name, message in error.field_errors.items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned
