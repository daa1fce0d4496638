from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .constants import MACROREGION, InstitutionSector, Voivodeship
from .services import consent_record, profile_update


class ProfileFieldsForm(forms.Form):
    """The profile as the participant fills it in (sign-up and 'my data')."""

    first_name = forms.CharField(label=_("Imię"), max_length=150)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=150)
    institution_name = forms.CharField(label=_("Nazwa instytucji"), max_length=255)
    institution_sector = forms.ChoiceField(
        label=_("Sektor instytucji"),
        choices=[("", _("— wybierz —")), *InstitutionSector.choices],
        error_messages={"invalid_choice": _("Wybierz sektor z listy.")},
    )
    position = forms.CharField(label=_("Stanowisko"), max_length=150, required=False)
    gmina = forms.CharField(label=_("Gmina"), max_length=100)
    powiat = forms.CharField(label=_("Powiat"), max_length=100)
    voivodeship = forms.ChoiceField(
        label=_("Województwo"),
        choices=[("", _("— wybierz —")), *Voivodeship.choices],
        error_messages={"invalid_choice": _("Wybierz województwo z listy.")},
        help_text=_(
            "Projekt obejmuje województwa: podkarpackie, lubelskie, mazowieckie, "
            "podlaskie i świętokrzyskie."
        ),
    )
    pzk_team = forms.CharField(
        label=_("Partnerski Zespół Kooperacji (jeśli należysz)"),
        max_length=200,
        required=False,
    )

    profile_fields = (
        "institution_name",
        "institution_sector",
        "position",
        "gmina",
        "powiat",
        "voivodeship",
        "pzk_team",
    )

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.profile_fields}


class ProfileSignupForm(ProfileFieldsForm):
    """Extra sign-up fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    consent = forms.BooleanField(
        label=_(
            "Zapoznałem/-am się z informacją o przetwarzaniu danych osobowych "
            "i wyrażam zgodę na przetwarzanie moich danych w celu udziału "
            "w projekcie „Liderzy kooperacji”."
        ),
        error_messages={
            "required": _("Bez zgody na przetwarzanie danych nie można założyć konta.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '{} <a href="/ochrona-danych/">{}</a> ({})',
            gettext("Administratorem danych jest ROPS w Rzeszowie."),
            gettext("Przeczytaj informację o przetwarzaniu danych"),
            gettext("wersja %(version)s") % {"version": settings.RODO_CONSENT_VERSION},
        )

    @transaction.atomic
    def signup(self, request, user) -> None:
        profile_update(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            **self.profile_data(),
        )
        consent_record(user=user, version=settings.RODO_CONSENT_VERSION)
        voivodeship = self.cleaned_data["voivodeship"]
        if request is not None and voivodeship not in MACROREGION:
            # Not refused: the account and online courses are open to
            # everyone, but the project's trainings serve its macroregion.
            messages.warning(
                request,
                gettext(
                    "Województwo %(name)s jest poza makroregionem projektu "
                    "„Liderzy kooperacji”. Konto zostało założone i kursy online "
                    "są dostępne, ale na szkolenia i wizyty studyjne projekt "
                    "przyjmuje osoby z województw: podkarpackiego, lubelskiego, "
                    "mazowieckiego, podlaskiego i świętokrzyskiego. Jeśli wybór "
                    "jest pomyłką, popraw go w zakładce Moje dane."
                )
                % {"name": Voivodeship(voivodeship).label},
            )


class AccountDeleteForm(forms.Form):
    """Confirms, with the current password, that the person wants their
    account deleted."""

    password = forms.CharField(
        label=_("Obecne hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "Rozumiem, że konto i moje dane zostaną usunięte na stałe, "
            "a wydane zaświadczenia pozostaną w rejestrze."
        ),
        error_messages={"required": _("Zaznacz, że rozumiesz skutki usunięcia konta.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Hasło jest nieprawidłowe."))
        return password
