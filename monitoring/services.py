"""Every write of the participant data: save from the form, keep the
participation dates current, anonymise with the account."""

import datetime
import json
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from . import rules
from .errors import MonitoringError
from .models import ParticipantData

# The participant's form: each legend with its fields, in order.
FIELD_GROUPS = (
    (
        gettext_lazy("Dane osobowe"),
        ("pesel", "no_pesel", "birth_date", "sex", "education"),
    ),
    (
        gettext_lazy("Adres zamieszkania"),
        (
            "voivodeship",
            "powiat",
            "gmina",
            "town",
            "street",
            "building_number",
            "flat_number",
            "postcode",
            "area_type",
            "phone",
        ),
    ),
    (
        gettext_lazy("Praca i instytucja"),
        (
            "labour_status",
            "occupation",
            "institution_name",
            "institution_nip",
            "institution_type",
        ),
    ),
)
# Every field of the record: the form's, then the coordinator's entry of the
# situation after the support.
FIELDS = (
    *(name for _legend, names in FIELD_GROUPS for name in names),
    "situation_after",
)
REQUIRED_TEXT = ("voivodeship", "powiat", "gmina", "town", "building_number")
POSTCODE_RE = re.compile(r"^\d{2}-\d{3}$")


def _choice_ok(choices, value) -> bool:
    return value in choices.values


def participant_data_validate(data: dict[str, Any]) -> dict[str, Any]:
    """Check the data as given on the form and return them normalised.

    Raises MonitoringError ``invalid`` with a Polish message per field; the
    form shows them, nothing is stored."""
    errors: dict[str, str] = {}
    clean = {name: data.get(name) for name in FIELDS}
    for name, value in clean.items():
        if isinstance(value, str):
            clean[name] = value.strip()
    clean["no_pesel"] = bool(clean["no_pesel"])

    if not data.get("notice_accepted"):
        errors["notice_accepted"] = _(
            "Zaznacz, że znasz informację o przetwarzaniu danych. Bez tych danych "
            "nie możemy przyjąć Cię do projektu współfinansowanego z Europejskiego "
            "Funduszu Społecznego: są warunkiem udziału w każdej formie wsparcia."
        )

    birth_date = clean["birth_date"] or None
    if birth_date and not isinstance(birth_date, datetime.date):
        errors["birth_date"] = _("Podaj datę urodzenia w postaci RRRR-MM-DD.")
        birth_date = None
    today = timezone.localdate()
    if birth_date and not datetime.date(1900, 1, 1) <= birth_date <= today:
        errors["birth_date"] = _("Data urodzenia musi być z przeszłości.")
        birth_date = None

    pesel = (clean["pesel"] or "").replace(" ", "")
    if clean["no_pesel"]:
        if pesel:
            errors["pesel"] = _(
                "Zaznaczono, że nie masz numeru PESEL, a numer jest wpisany: "
                "usuń numer albo odznacz brak numeru."
            )
        if not birth_date and "birth_date" not in errors:
            errors["birth_date"] = _("Bez numeru PESEL podaj datę urodzenia.")
        if not clean["sex"]:
            errors["sex"] = _("Bez numeru PESEL podaj płeć.")
    elif not pesel:
        errors["pesel"] = _(
            "Podaj numer PESEL albo zaznacz, że go nie masz (wtedy podaj datę "
            "urodzenia i płeć)."
        )
    elif len(pesel) != 11 or not pesel.isdigit():
        errors["pesel"] = _("Numer PESEL ma 11 cyfr.")
    elif not rules.pesel_checksum_ok(pesel):
        errors["pesel"] = _(
            "Ten numer PESEL jest niepoprawny: nie zgadza się cyfra kontrolna. "
            "Sprawdź go, na przykład w dowodzie osobistym."
        )
    elif rules.pesel_birth_date(pesel) is None:
        errors["pesel"] = _("Ten numer PESEL nie zawiera poprawnej daty urodzenia.")
    else:
        from_pesel = rules.pesel_birth_date(pesel)
        if birth_date and birth_date != from_pesel:
            errors["birth_date"] = _(
                "Data urodzenia nie zgadza się z numerem PESEL (z numeru wynika "
                "%(date)s). Popraw datę albo numer."
            ) % {"date": date_format(from_pesel, "j E Y")}
        sex = rules.pesel_sex(pesel)
        if clean["sex"] and clean["sex"] != sex:
            errors["sex"] = _("Płeć nie zgadza się z numerem PESEL.")
        birth_date, clean["sex"] = from_pesel, sex
    clean["pesel"] = "" if clean["no_pesel"] else pesel
    clean["birth_date"] = birth_date

    for name, choices, message in (
        ("sex", rules.Sex, _("Wybierz płeć.")),
        ("education", rules.Education, _("Wybierz poziom wykształcenia.")),
        ("area_type", rules.AreaType, _("Wybierz rodzaj obszaru (DEGURBA).")),
        ("labour_status", rules.LabourStatus, _("Wybierz status na rynku pracy.")),
        ("institution_type", rules.InstitutionType, _("Wybierz typ instytucji.")),
    ):
        if name not in errors and not _choice_ok(choices, clean[name]):
            errors[name] = message
    from szkola.accounts.constants import Voivodeship

    if not _choice_ok(Voivodeship, clean["voivodeship"]):
        errors["voivodeship"] = _("Wybierz województwo.")
    for name in REQUIRED_TEXT:
        if not clean[name] and name not in errors:
            errors[name] = _("To pole jest wymagane.")
    if not POSTCODE_RE.match(clean["postcode"] or ""):
        errors["postcode"] = _("Kod pocztowy ma postać 00-000.")
    phone_digits = re.sub(r"[\s\-()]", "", clean["phone"] or "")
    if not re.fullmatch(r"(\+\d{2})?\d{9}", phone_digits):
        errors["phone"] = _(
            "Podaj numer telefonu: 9 cyfr, można z kierunkowym, np. +48 600 100 200."
        )
    # Digits only, as SL2014 takes them (and no leading "+" for a
    # spreadsheet to read as a formula): Polish numbers without +48.
    if phone_digits.startswith("+48"):
        phone_digits = phone_digits[3:]
    elif phone_digits.startswith("+"):
        phone_digits = "00" + phone_digits[1:]
    clean["phone"] = phone_digits

    if clean["labour_status"] == rules.LabourStatus.EMPLOYED:
        if not _choice_ok(rules.Occupation, clean["occupation"]):
            errors["occupation"] = _("Osoba pracująca: wybierz wykonywany zawód.")
    else:
        clean["occupation"] = ""
    if not clean["institution_name"]:
        errors["institution_name"] = _("Podaj nazwę instytucji, w której pracujesz.")
    nip = rules.nip_normalise(clean["institution_nip"] or "").upper()
    nip = nip.removeprefix("PL")
    if not nip:
        errors["institution_nip"] = _("Podaj NIP instytucji (10 cyfr).")
    elif len(nip) != 10 or not nip.isdigit():
        errors["institution_nip"] = _("NIP ma 10 cyfr (myślniki można pominąć).")
    elif not rules.nip_checksum_ok(nip):
        errors["institution_nip"] = _(
            "Ten numer NIP jest niepoprawny: nie zgadza się cyfra kontrolna."
        )
    clean["institution_nip"] = nip

    # Asked only once participation has ended: optional, but a known value.
    if clean["situation_after"] and not _choice_ok(
        rules.SituationAfter, clean["situation_after"]
    ):
        errors["situation_after"] = _("Wybierz swoją sytuację z listy.")
    clean["situation_after"] = clean["situation_after"] or ""

    special = data.get("special") or {}
    answers = {}
    for key in rules.SPECIAL_SITUATION_KEYS:
        value = special.get(key, "")
        if value not in rules.Answer.values:
            errors[f"special_{key}"] = _(
                "Wybierz odpowiedź; możesz wybrać „odmawiam odpowiedzi”."
            )
        answers[key] = value
    clean["special"] = answers

    if errors:
        raise MonitoringError(
            "invalid",
            _("Popraw zaznaczone pola. Nic nie zostało zapisane."),
            field_errors=errors,
        )
    return clean


@transaction.atomic
def participant_data_save(
    *, user: User, data: dict[str, Any], actor: User | None = None
) -> ParticipantData:
    """Validate and store ``user``'s participant data (create or correct),
    with the notice version accepted now. One audit entry names the changed
    fields, never their values.

    Raises MonitoringError ``invalid`` (nothing stored)."""
    clean = participant_data_validate(data)
    record = ParticipantData.objects.select_for_update().filter(
        user=user
    ).first() or ParticipantData(user=user)
    created = record.pk is None
    changed = []
    values = {name: clean[name] for name in FIELDS}
    values["birth_date"] = clean["birth_date"].isoformat()
    values["special_situations"] = json.dumps(clean["special"], sort_keys=True)
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    record.notice_version = rules.NOTICE_VERSION
    record.notice_accepted_at = timezone.now()
    record.institution_sector = _profile_sector(user)
    _participation_apply(record, user)
    record.save()
    audit_log(
        actor=actor or user,
        action="monitoring.participant.created"
        if created
        else "monitoring.participant.updated",
        obj=record,
        data={"fields": changed, "notice_version": rules.NOTICE_VERSION},
    )
    return record


def _profile_sector(user: User) -> str:
    from szkola.accounts.selectors import profile_get

    return profile_get(user=user).institution_sector


def _participation_apply(record: ParticipantData, user: User) -> None:
    from .selectors import support_forms_for

    forms = support_forms_for(user=user)
    record.support = forms
    started = [f["date_from"] for f in forms if f["date_from"]]
    record.started_on = datetime.date.fromisoformat(min(started)) if started else None
    today = timezone.localdate().isoformat()
    finished = bool(forms) and all(
        f["completed"]
        or (f["date_to"] and f["date_to"] < today and f["kind"] != "course")
        for f in forms
    )
    ends = [f["date_to"] for f in forms if f["date_to"]]
    record.ended_on = (
        datetime.date.fromisoformat(max(ends)) if finished and ends else None
    )
    record.support_completed = (
        all(f["completed"] for f in forms) if record.ended_on else None
    )
    if record.started_on and record.birth_date:
        birth = datetime.date.fromisoformat(record.birth_date)
        record.age_at_start = rules.age_on(birth, record.started_on)


@transaction.atomic
def participation_refresh(*, user_id: int) -> ParticipantData | None:
    """Recompute the forms of support, start and end of participation of
    one person from their registrations and enrolments. A no-op for someone
    without participant data. Called after every change of them."""
    record = (
        ParticipantData.objects.select_for_update()
        .select_related("user")
        .filter(user_id=user_id)
        .first()
    )
    if record is None:
        return None
    before = (record.started_on, record.ended_on, record.support_completed)
    _participation_apply(record, record.user)
    record.save()
    after = (record.started_on, record.ended_on, record.support_completed)
    if before != after:
        audit_log(
            actor=None,
            action="monitoring.participation.changed",
            obj=record,
            data={
                "started_on": str(record.started_on or ""),
                "ended_on": str(record.ended_on or ""),
                "completed": record.support_completed,
            },
        )
    return record


@transaction.atomic
def participant_situation_after_set(
    *, user: User, situation: str, actor: User | None = None
) -> ParticipantData:
    """Record the person's situation after leaving the project (SL2014),
    once their participation has ended; the person themself or, from what
    they reported, a coordinator in scope (``actor``).

    Raises MonitoringError ``not_found`` (no participant data), ``scope``,
    ``not_ended`` (participation still lasts) or ``invalid``."""
    from szkola.accounts.permissions import user_may_act_on_voivodeship

    record = ParticipantData.objects.select_for_update().filter(user=user).first()
    if record is None:
        raise MonitoringError("not_found", _("Ta osoba nie podała danych uczestnika."))
    if (
        actor is not None
        and actor.pk != user.pk
        and not user_may_act_on_voivodeship(actor, record.voivodeship)
    ):
        raise MonitoringError(
            "scope", _("Nie koordynujesz projektu w województwie tej osoby.")
        )
    if record.ended_on is None:
        raise MonitoringError(
            "not_ended",
            _(
                "Udział w projekcie jeszcze trwa: o sytuację po jego zakończeniu "
                "pytamy po ostatniej formie wsparcia."
            ),
        )
    if situation not in rules.SituationAfter.values:
        raise MonitoringError("invalid", _("Wybierz sytuację z listy."))
    previous = record.situation_after
    record.situation_after = situation
    record.save(update_fields=["situation_after", "updated_at"])
    audit_log(
        actor=actor or user,
        action="monitoring.participant.situation_after",
        obj=record,
        data={"situation_after": situation, "previous": previous},
    )
    return record


@transaction.atomic
def participant_data_anonymise(*, user: User) -> None:
    """Before the account goes: erase everything that identifies the person
    (PESEL, date of birth, address below the voivodeship, phone, the special
    situations, the institution) and detach the record. The codes the report
    counts stay, without anyone's name. Certificates are untouched."""
    record = ParticipantData.objects.select_for_update().filter(user=user).first()
    if record is None:
        return
    for name in (
        "pesel",
        "birth_date",
        "powiat",
        "gmina",
        "town",
        "street",
        "building_number",
        "flat_number",
        "postcode",
        "phone",
        "special_situations",
        "institution_name",
        "institution_nip",
    ):
        setattr(record, name, "")
    record.user = None
    record.anonymised_at = timezone.now()
    record.save()
    audit_log(actor=None, action="monitoring.participant.anonymised", obj=record)
