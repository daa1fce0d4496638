"""Forms of the coordinators' registrations desk: data in, services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szkola.accounts.constants import InstitutionSector, Voivodeship
from szkola.accounts.models import User

from .forms import ACCESSIBILITY_NEEDS_MAX_LENGTH, needs_fields_fit
from .models import Diet, EventPage
from .scope import organisers_in_scope
from .services import AddChannel


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Uzasadnienie (trafi do uczestników)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Podaj uzasadnienie.")},
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Nowa liczba miejsc"),
        min_value=0,
        max_value=100_000,
        error_messages={
            "required": _("Podaj liczbę miejsc."),
            "invalid": _("Podaj liczbę miejsc od 0 do 100000."),
            "min_value": _("Podaj liczbę miejsc od 0 do 100000."),
            "max_value": _("Podaj liczbę miejsc od 0 do 100000."),
        },
    )
    reason = forms.CharField(
        label=_("Powód zmiany (zapisany w historii)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Podaj powód zmiany liczby miejsc.")},
    )


class AddPersonForm(forms.Form):
    """A person added by the coordinator: an existing account found by its
    email, or a new one (name and institution) that gets an invitation."""

    channel = forms.ChoiceField(
        label=_("Jak zgłosiła się ta osoba"),
        choices=[
            (AddChannel.PHONE, _("telefonicznie")),
            (AddChannel.WALK_IN, _("osobiście, na miejscu")),
        ],
        initial=AddChannel.PHONE,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Adres e-mail"),
        help_text=_(
            "Konto z tym adresem zostanie wybrane; gdy go nie ma, założymy je "
            "i wyślemy zaproszenie do ustawienia hasła."
        ),
        error_messages={
            "required": _("Podaj adres e-mail."),
            "invalid": _("Podaj prawidłowy adres e-mail."),
        },
    )
    first_name = forms.CharField(label=_("Imię"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=150, required=False)
    institution_name = forms.CharField(
        label=_("Instytucja"), max_length=255, required=False
    )
    institution_sector = forms.ChoiceField(
        label=_("Sektor"),
        choices=[("", "—"), *InstitutionSector.choices],
        required=False,
    )
    position = forms.CharField(label=_("Stanowisko"), max_length=150, required=False)
    gmina = forms.CharField(label=_("Gmina"), max_length=100, required=False)
    powiat = forms.CharField(label=_("Powiat"), max_length=100, required=False)
    voivodeship = forms.ChoiceField(
        label=_("Województwo"),
        choices=[("", "—"), *Voivodeship.choices],
        required=False,
    )
    nights = forms.MultipleChoiceField(
        label=_("Noclegi"), required=False, widget=forms.CheckboxSelectMultiple
    )
    meals = forms.BooleanField(label=_("Wyżywienie"), required=False, initial=True)
    diet = forms.ChoiceField(
        label=_("Dieta"), choices=Diet.choices, initial=Diet.STANDARD
    )
    diet_notes = forms.CharField(
        label=_("Uwagi o diecie"), max_length=255, required=False
    )
    accessibility_needs = forms.CharField(
        label=_("Potrzeby związane z dostępnością"),
        required=False,
        max_length=ACCESSIBILITY_NEEDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    waitlist_if_full = forms.BooleanField(
        label=_("Gdy brak wolnych miejsc, dopisz na listę rezerwową"),
        required=False,
    )

    def __init__(self, *args, event: EventPage, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.coordinator = user
        self.existing_user = None
        needs_fields_fit(self, event, day_format="j E")

    def clean(self):
        data = super().clean()
        data.setdefault("meals", False)
        data.setdefault("diet", Diet.STANDARD)
        data.setdefault("diet_notes", "")
        email = data.get("email")
        if not email:
            return data
        self.existing_user = User.objects.filter(email__iexact=email).first()
        if self.existing_user is None and not (
            data.get("first_name", "").strip() and data.get("last_name", "").strip()
        ):
            raise forms.ValidationError(
                _(
                    "Nie ma konta z tym adresem: podaj imię i nazwisko, aby je "
                    "założyć i wysłać zaproszenie."
                )
            )
        return data

    def matches(self, query: str) -> list[User]:
        """Accounts suggested for what was typed in the email field: people
        of the coordinator's voivodeships only (the leader's team: all);
        anyone else is found by their exact address."""
        query = (query or "").strip()
        if len(query) < 3:
            return []
        people = User.objects.filter(is_active=True).filter(
            Q(email__icontains=query)
            | Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
        )
        scope = organisers_in_scope(self.coordinator)
        if scope is not None:
            people = people.filter(profile__voivodeship__in=scope)
        return list(
            people.select_related("profile").order_by("last_name", "email")[:10]
        )
