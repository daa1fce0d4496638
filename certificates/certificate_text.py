"""The words on a certificate: its labels in Polish and English, the data one
certificate carries, and the body text with its placeholders filled in.
Plain data, no drawing."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

LABELS = {
    "pl": {
        "course": "kurs",
        "event": "szkolenie",
        "path": "ścieżkę edukacyjną",
        "number": "Nr",
        "register": "Nr w rejestrze zaświadczeń:",
        "verify": "Sprawdź ważność:",
        "hours": "godz.",
        "topic": "Temat",
        "hours_col": "Liczba godzin",
        "total": "Razem",
        "issued": "Miejsce i data wydania:",
        "born": "urodzony(a) dnia",
        "outcomes": "Efekty uczenia się",
        "project": "Projekt",
        "project_number": "nr",
        "page": "Strona {page} z {pages}",
        "online": "online",
    },
    "en": {
        "course": "course",
        "event": "training",
        "path": "learning path",
        "number": "No.",
        "register": "Register number:",
        "verify": "Verify:",
        "hours": "h",
        "topic": "Topic",
        "hours_col": "Hours",
        "total": "Total",
        "issued": "Place and date of issue:",
        "born": "born on",
        "outcomes": "Learning outcomes",
        "project": "Project",
        "project_number": "no.",
        "page": "Page {page} of {pages}",
        "online": "online",
    },
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class CertificateData:
    """Everything printed on one certificate."""

    number: str
    name: str
    title: str
    kind: str
    hours: Decimal
    date_from: date | None
    date_to: date | None
    place: str
    organiser: str
    issued_on: date
    verification_url: str
    language: str = "pl"
    programme: list[dict] = field(default_factory=list)
    issuer_name: str = "Szkoła Kooperacji"
    issuer_address: str = ""
    place_of_issue: str = ""
    form: str = ""  # e.g. "szkolenie dwudniowe"; empty: the kind's label
    birth_date: date | None = None
    outcomes: list[str] = field(default_factory=list)
    project_title: str = ""
    project_number: str = ""
    issued_at: datetime | None = None  # for the PDF's metadata dates


def format_hours(hours: Decimal) -> str:
    hours = Decimal(hours)
    text = f"{hours.normalize():f}" if hours == hours.to_integral() else f"{hours:.1f}"
    return text.replace(".", ",")


def format_dates(date_from: date | None, date_to: date | None) -> str:
    if not date_from:
        return ""
    if not date_to or date_to == date_from:
        return date_from.strftime("%d.%m.%Y")
    return f"{date_from:%d.%m.%Y} – {date_to:%d.%m.%Y}"


def project_text(data: CertificateData) -> str:
    if not data.project_title:
        return ""
    labels = LABELS.get(data.language, LABELS["pl"])
    text = f"{labels['project']} „{data.project_title}”"
    if data.project_number:
        text += f" {labels['project_number']} {data.project_number}"
    return text


def fill_placeholders(text: str, data: CertificateData) -> str:
    labels = LABELS.get(data.language, LABELS["pl"])
    values = {
        "name": data.name,
        "title": data.title,
        "kind_label": data.form or labels.get(data.kind, data.kind),
        "form": data.form or labels.get(data.kind, data.kind),
        "hours": format_hours(data.hours),
        "dates": format_dates(data.date_from, data.date_to),
        "date_from": data.date_from.strftime("%d.%m.%Y") if data.date_from else "",
        "date_to": data.date_to.strftime("%d.%m.%Y") if data.date_to else "",
        "place": data.place,
        "number": data.number,
        "organiser": data.organiser,
        "issuer": data.issuer_name,
        "project": project_text(data),
    }
    # Unknown placeholders stay as typed, so a typo shows in the preview
    # instead of failing the issue.
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
