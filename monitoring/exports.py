"""The SL2014 participant export and the report's spreadsheet.

Column order follows the SL2014 participant data set (PO WER 2014–2020) as
documented in docs/monitoring.md, with its sources and what could not be
confirmed there.

The SL2014 headings and dictionary values below are deliberately not marked
for translation: they are the import's own Polish words, which the central
system matches exactly, whatever the language of the person exporting.
"""

import datetime
import io
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from szkola.accounts.constants import Voivodeship

from . import rules
from .models import ParticipantData

DATE_FORMAT = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a participant's text inert in a spreadsheet: a value starting
    with ``= + - @``, tab or CR gets a leading apostrophe, so it is shown,
    never evaluated. Dates and numbers pass unchanged. (One function, so a
    shared project helper can replace it.)"""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "Tak" if value else "Nie"


SL2014_EDUCATION = {
    "0": "Niższe niż podstawowe (ISCED 0)",
    "1": "Podstawowe (ISCED 1)",
    "2": "Gimnazjalne (ISCED 2)",
    "3": "Ponadgimnazjalne (ISCED 3)",
    "4": "Policealne (ISCED 4)",
    "5": "Wyższe (ISCED 5-8)",
    "6": "Wyższe (ISCED 5-8)",
    "7": "Wyższe (ISCED 5-8)",
    "8": "Wyższe (ISCED 5-8)",
}
SL2014_AREA = {
    "1": "1 - Obszar gęsto zaludniony",
    "2": "2 - Obszar pośredni",
    "3": "3 - Obszar słabo zaludniony",
}
SL2014_SEX = {"K": "Kobieta", "M": "Mężczyzna"}
SL2014_LABOUR = {
    "employed": "Osoba pracująca",
    "unemployed_registered": "Osoba bezrobotna zarejestrowana w ewidencji urzędów pracy",
    "unemployed": "Osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy",
    "inactive": "Osoba bierna zawodowo",
}
# The SL2014 list for the situation on leaving (the options this project's
# participants, staff of public institutions, can be in).
SL2014_SITUATION_AFTER = {
    "employed": (
        "Osoba pracująca po opuszczeniu programu (łącznie z pracującymi na "
        "własny rachunek)"
    ),
    "education": "Osoba podejmująca kształcenie lub szkolenie po opuszczeniu programu",
    "qualification": "Osoba uzyskująca kwalifikacje po opuszczeniu programu",
    "seeking": "Osoba bierna zawodowo poszukująca pracy po opuszczeniu programu",
    "other": "Inne",
}
SL2014_OCCUPATION = {
    "social_assistance": "Pracownik instytucji systemu pomocy i integracji społecznej",
    "family_support": (
        "Pracownik instytucji systemu wspierania rodziny i pieczy zastępczej"
    ),
    "labour_market": "Pracownik instytucji rynku pracy",
    "health": "Pracownik instytucji systemu ochrony zdrowia",
    "teacher": "Nauczyciel kształcenia ogólnego",
    "public_administration": "Inne",
    "other": "Inne",
}
SL2014_ANSWER = {"yes": "Tak", "no": "Nie", "refused": "Odmowa podania informacji"}
PARTICIPANT_KIND = "Pracownik lub przedstawiciel instytucji/podmiotu"


def _voivodeship_name(code: str) -> str:
    return str(Voivodeship(code).label) if code in Voivodeship.values else ""


def _date(value: str | datetime.date | None):
    if not value:
        return None
    return (
        value
        if isinstance(value, datetime.date)
        else datetime.date.fromisoformat(value)
    )


def _first_support(record: ParticipantData) -> dict:
    return record.support[0] if record.support else {}


def _age(record: ParticipantData):
    if record.age_at_start is not None:
        return record.age_at_start
    return None


def _special(key: str) -> Callable[[ParticipantData], str]:
    return lambda r: SL2014_ANSWER.get(r.special_answers.get(key, ""), "")


# (heading, value of one record). The order is the import's.
PARTICIPANT_COLUMNS: list[tuple[str, Callable[[ParticipantData], object]]] = [
    ("Kraj", lambda r: r.country),
    ("Rodzaj uczestnika", lambda r: PARTICIPANT_KIND),
    ("Nazwa instytucji", lambda r: r.institution_name),
    ("Imię", lambda r: r.user.first_name if r.user else ""),
    ("Nazwisko", lambda r: r.user.last_name if r.user else ""),
    ("PESEL", lambda r: r.pesel),
    ("Brak PESEL", lambda r: _yes_no(r.no_pesel)),
    ("Płeć", lambda r: SL2014_SEX.get(r.sex, "")),
    ("Wiek w chwili przystąpienia do projektu", _age),
    ("Wykształcenie", lambda r: SL2014_EDUCATION.get(r.education, "")),
    ("Województwo", lambda r: _voivodeship_name(r.voivodeship)),
    ("Powiat", lambda r: r.powiat),
    ("Gmina", lambda r: r.gmina),
    ("Miejscowość", lambda r: r.town),
    ("Ulica", lambda r: r.street),
    ("Nr budynku", lambda r: r.building_number),
    ("Nr lokalu", lambda r: r.flat_number),
    ("Kod pocztowy", lambda r: r.postcode),
    (
        "Obszar według stopnia urbanizacji (DEGURBA)",
        lambda r: SL2014_AREA.get(r.area_type, ""),
    ),
    ("Telefon kontaktowy", lambda r: r.phone),
    ("Adres e-mail", lambda r: r.user.email if r.user else ""),
    ("Data rozpoczęcia udziału w projekcie", lambda r: r.started_on),
    ("Data zakończenia udziału w projekcie", lambda r: r.ended_on),
    (
        "Status osoby na rynku pracy w chwili przystąpienia do projektu",
        lambda r: SL2014_LABOUR.get(r.labour_status, ""),
    ),
    ("Wykonywany zawód", lambda r: SL2014_OCCUPATION.get(r.occupation, "")),
    ("Zatrudniony w", lambda r: r.institution_name),
    (
        "Sytuacja osoby w momencie zakończenia udziału w projekcie",
        lambda r: (
            SL2014_SITUATION_AFTER.get(r.situation_after, "") if r.ended_on else ""
        ),
    ),
    ("Inne rezultaty dotyczące osób młodych", lambda r: ""),
    (
        "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej "
        "ścieżką uczestnictwa",
        lambda r: _yes_no(r.support_completed),
    ),
    ("Rodzaj przyznanego wsparcia", lambda r: _first_support(r).get("kind_label", "")),
    (
        "Data rozpoczęcia udziału we wsparciu",
        lambda r: _date(_first_support(r).get("date_from")),
    ),
    (
        "Data zakończenia udziału we wsparciu",
        lambda r: _date(_first_support(r).get("date_to")),
    ),
    ("Data założenia działalności gospodarczej", lambda r: None),
    (
        "Kwota przyznanych środków na założenie działalności gospodarczej",
        lambda r: None,
    ),
    ("PKD założonej działalności gospodarczej", lambda r: ""),
    (
        "Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba "
        "obcego pochodzenia",
        _special("minority"),
    ),
    (
        "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
        _special("homeless"),
    ),
    ("Osoba z niepełnosprawnościami", _special("disability")),
    # The three household columns (jobless household, with dependent
    # children, single adult with children) left the common indicators with
    # Regulation (EU) 2018/1046 and the participant data set with them: see
    # docs/monitoring.md.
    (
        "Osoba w innej niekorzystnej sytuacji społecznej (innej niż wymienione "
        "powyżej)",
        _special("other_disadvantage"),
    ),
]
# Columns holding text that must stay text (leading zeros).
TEXT_COLUMNS = {
    "PESEL",
    "Kod pocztowy",
    "Telefon kontaktowy",
    "Nr budynku",
    "Nr lokalu",
}

# The address, contact and participation dates: the same columns, in the
# same order, on the participants' and the institutions' sheets.
ADDRESS_AND_DATES = [
    "Województwo",
    "Powiat",
    "Gmina",
    "Miejscowość",
    "Ulica",
    "Nr budynku",
    "Nr lokalu",
    "Kod pocztowy",
    "Obszar według stopnia urbanizacji (DEGURBA)",
    "Telefon kontaktowy",
    "Adres e-mail",
    "Data rozpoczęcia udziału w projekcie",
    "Data zakończenia udziału w projekcie",
]
INSTITUTION_COLUMNS = [
    "Kraj",
    "Nazwa instytucji",
    "NIP",
    "Typ instytucji",
    *ADDRESS_AND_DATES,
    "Czy wsparciem zostali objęci pracownicy instytucji",
    "Rodzaj przyznanego wsparcia",
    "Data rozpoczęcia udziału we wsparciu",
    "Liczba uczestników (pracowników) w eksporcie",
]


def institution_rows(records: Iterable[ParticipantData]) -> list[list]:
    """One row per institution (by NIP), from its supported staff."""
    by_nip: dict[str, list[ParticipantData]] = {}
    for record in records:
        if record.institution_nip:
            by_nip.setdefault(record.institution_nip, []).append(record)
    rows = []
    for nip, staff in sorted(
        by_nip.items(), key=lambda item: item[1][0].institution_name
    ):
        first = staff[0]
        starts = [r.started_on for r in staff if r.started_on]
        ends = [r.ended_on for r in staff]
        first_support = min(
            (r.support[0] for r in staff if r.support),
            key=lambda f: f.get("date_from") or "",
            default={},
        )
        rows.append(
            [
                "Polska",
                first.institution_name,
                nip,
                str(rules.InstitutionType(first.institution_type).label)
                if first.institution_type in rules.InstitutionType.values
                else "",
                _voivodeship_name(first.voivodeship),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                min(starts) if starts else None,
                max(ends) if ends and all(ends) else None,
                "Tak",
                first_support.get("kind_label", ""),
                _date(first_support.get("date_from")),
                len(staff),
            ]
        )
    return rows


def _write_sheet(sheet, headings: list[str], rows: Iterable[list], *, text=()) -> None:
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    text_columns = {i for i, h in enumerate(headings) if h in text}
    widths = [min(max(len(h), 10), 40) for h in headings]
    for row in rows:
        values = [neutralise(v) for v in row]
        sheet.append(values)
        line = sheet.max_row
        for index, value in enumerate(values):
            cell = sheet.cell(row=line, column=index + 1)
            if isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif index in text_columns:
                cell.number_format = "@"
            widths[index] = min(max(widths[index], len(str(value or "")) + 2), 60)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def sl2014_workbook(records: list[ParticipantData]) -> bytes:
    """The participants (one row each), their institutions and their forms
    of support, as an XLSX file."""
    workbook = Workbook()
    people = workbook.active
    people.title = "Uczestnicy"
    _write_sheet(
        people,
        [heading for heading, _value in PARTICIPANT_COLUMNS],
        ([value(r) for _heading, value in PARTICIPANT_COLUMNS] for r in records),
        text=TEXT_COLUMNS,
    )
    _write_sheet(
        workbook.create_sheet("Instytucje"),
        INSTITUTION_COLUMNS,
        institution_rows(records),
        text={"NIP"},
    )
    support_rows = []
    for record in records:
        for form in record.support:
            support_rows.append(
                [
                    record.pesel or (record.user.email if record.user else ""),
                    record.user.get_full_name() if record.user else "",
                    form.get("kind_label", ""),
                    form.get("title", ""),
                    _date(form.get("date_from")),
                    _date(form.get("date_to")),
                    float(form.get("hours") or 0),
                    _yes_no(form.get("completed")),
                ]
            )
    _write_sheet(
        workbook.create_sheet("Formy wsparcia"),
        [
            "PESEL lub e-mail",
            "Imię i nazwisko",
            "Rodzaj wsparcia",
            "Tytuł",
            "Od",
            "Do",
            "Godziny",
            "Ukończone",
        ],
        support_rows,
        text={"PESEL lub e-mail"},
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_workbook(report) -> bytes:
    """The monitoring report: one sheet per breakdown, real numbers."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Podsumowanie")[:31]
    _write_sheet(
        summary,
        [_("Wskaźnik"), _("Wartość")],
        [
            [_("Osoby objęte wsparciem"), report.people],
            [_("Formy wsparcia (udziały)"), report.forms_total],
            [_("Godziny wsparcia"), float(report.hours_total)],
            [_("Zakres (województwo)"), report.scope_label],
            [_("Od"), report.date_from],
            [_("Do"), report.date_to],
        ],
    )
    for chart in report.charts:
        sheet = workbook.create_sheet(str(chart.title)[:31])
        _write_sheet(
            sheet,
            [_("Kategoria"), str(chart.value_label)],
            [[label, value] for label, value in chart.rows],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
