"""The monitoring report: counts of people reached and of support given,
with bar charts drawn on the server as accessible SVG."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szkola.accounts.constants import InstitutionSector, Voivodeship

from . import rules
from .models import ParticipantData


@dataclass
class Chart:
    key: str
    title: str
    value_label: str
    rows: list[tuple[str, float | int]]
    svg: SafeString = field(default=SafeString(""))


@dataclass
class Report:
    people: int
    forms_total: int
    hours_total: Decimal
    scope_label: str
    date_from: datetime.date | None
    date_to: datetime.date | None
    charts: list[Chart]


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", "\u00a0")


def _lines(label: str, *, limit: int = 38) -> list[str]:
    """The label in at most two lines of ``limit`` characters, by words."""
    lines, current = [], ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) > limit and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def bar_chart_svg(chart: Chart, *, width: int = 320) -> SafeString:
    """Horizontal bars, each under its category name and with its value
    written after it, so the chart reads without colour and no label is cut;
    ``<title>`` and ``<desc>`` give screen readers the same figures (the page
    also offers them as a table). Drawn narrow (320 units) so that the text
    stays legible when a phone shows the chart at its own width."""
    value_width, line_height, bar_height, gap, top = 48, 17, 20, 10, 2
    rows = chart.rows or [(_("brak danych"), 0)]
    peak = max((value for _label, value in rows), default=0) or 1
    plot = width - value_width
    ident = f"chart-{chart.key}"
    description = "; ".join(f"{label}: {_number(value)}" for label, value in rows)
    parts = []
    y = top
    for label, value in rows:
        lines = _lines(str(label))
        length = 0 if not value else max(2, round(plot * float(value) / float(peak)))
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="0" y="{y + 14 + number * line_height}" font-size="14" '
                f'fill="#1d1d1b">{escape(line)}</text>'
            )
        bar_y = y + len(lines) * line_height + 2
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{length}" height="{bar_height}" '
            f'fill="#00448f" stroke="#1d1d1b" stroke-width="1"/>'
            f'<text x="{length + 5}" y="{bar_y + 15}" font-size="14" '
            f'font-weight="bold" fill="#1d1d1b">{_number(value)}</text>'
        )
        y = bar_y + bar_height + gap
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="monitoring-chart" '
        f'viewBox="0 0 {width} {y}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.value_label)}: '
        f"{escape(description)}</desc>",
    ]
    # Every value interpolated above is escaped or a number.
    return mark_safe("".join([*head, *parts, "</svg>"]))  # noqa: S308


def _labelled(counter: Counter, labels: dict, order: list) -> list[tuple[str, int]]:
    keys = [key for key in order if counter.get(key)] + sorted(
        key for key in counter if key not in order
    )
    return [
        (str(labels.get(key, key or _("nie podano"))), counter[key]) for key in keys
    ]


AREA_GROUPS = {
    "3": gettext_lazy("obszar wiejski (DEGURBA 3)"),
    "1": gettext_lazy("obszar miejski lub pośredni (DEGURBA 1–2)"),
}


def build_report(
    records: list[ParticipantData],
    *,
    scope_label: str,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Report:
    sex = Counter(r.sex for r in records)
    sector = Counter(r.institution_sector for r in records)
    voivodeship = Counter(r.voivodeship for r in records)
    area = Counter("3" if r.area_type == rules.AreaType.RURAL else "1" for r in records)
    forms_people: Counter = Counter()
    forms_hours: dict[str, Decimal] = {}
    form_labels: dict[str, str] = {}
    forms_total = 0
    for record in records:
        seen = set()
        for form in record.support:
            kind = form.get("kind", "")
            form_labels[kind] = form.get("kind_label", kind)
            forms_total += 1
            forms_hours[kind] = forms_hours.get(kind, Decimal(0)) + Decimal(
                form.get("hours") or "0"
            )
            if kind not in seen:
                forms_people[kind] += 1
                seen.add(kind)
    kinds = sorted(form_labels, key=lambda k: form_labels[k])
    charts = [
        Chart(
            "sex",
            _("Osoby według płci"),
            _("liczba osób"),
            _labelled(sex, dict(rules.Sex.choices), list(rules.Sex.values)),
        ),
        Chart(
            "sector",
            _("Osoby według sektora instytucji"),
            _("liczba osób"),
            _labelled(
                sector, dict(InstitutionSector.choices), list(InstitutionSector.values)
            ),
        ),
        Chart(
            "voivodeship",
            _("Osoby według województwa"),
            _("liczba osób"),
            _labelled(voivodeship, dict(Voivodeship.choices), list(Voivodeship.values)),
        ),
        Chart(
            "area",
            _("Osoby według obszaru zamieszkania"),
            _("liczba osób"),
            _labelled(area, AREA_GROUPS, ["3", "1"]),
        ),
        Chart(
            "forms",
            _("Osoby według formy wsparcia"),
            _("liczba osób"),
            [(form_labels[k], forms_people[k]) for k in kinds],
        ),
        Chart(
            "hours",
            _("Godziny wsparcia według formy"),
            _("liczba godzin"),
            [(form_labels[k], float(forms_hours[k])) for k in kinds],
        ),
    ]
    for chart in charts:
        chart.svg = bar_chart_svg(chart)
    return Report(
        people=len(records),
        forms_total=forms_total,
        hours_total=sum(forms_hours.values(), Decimal(0)),
        scope_label=scope_label,
        date_from=date_from,
        date_to=date_to,
        charts=charts,
    )
