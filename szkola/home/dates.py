"""Dates and hours as Poles write them: "30–31 października 2026" (the
month once), one day as "30 października 2026", hours as "6 godz." (not
"6,0"). One helper for emails, pages, PDFs and calendars."""

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


def _day(value: datetime.date, *, year: bool = True) -> str:
    # "E" is the month's name in the genitive case where the language has
    # one ("października"); English has the plain name.
    return date_format(value, "j E Y" if year else "j E")


def date_range_text(
    start: datetime.date | None, end: datetime.date | None = None
) -> str:
    """``30–31 października 2026``; ``30 października – 2 listopada 2026``;
    ``30 grudnia 2026 – 2 stycznia 2027``; one day: ``30 października 2026``."""
    if start is None:
        return ""
    if end is None or end == start:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end)}"
    if start.year == end.year:
        return f"{_day(start, year=False)} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def time_range_text(start: datetime.time, end: datetime.time) -> str:
    """``9:00–16:00`` (no leading zero on the hour, as Poles write it)."""
    return f"{start.hour}:{start.minute:02d}–{end.hour}:{end.minute:02d}"


def hours_text(hours: Decimal | int | float | None) -> str:
    """``6 godz.``, ``6,5 godz.``: no trailing ``,0``."""
    if hours is None:
        return ""
    value = Decimal(str(hours)).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal("1"))
        decimals = 0
    else:
        decimals = max(0, -value.as_tuple().exponent)
    return _("%(hours)s godz.") % {"hours": number_format(value, decimals)}


def days_text(days) -> str:
    """An event's days with their hours: ``30–31 października 2026,
    9:00–16:00`` when every day keeps the same hours, otherwise each day on
    its own (``30 października 2026, 9:00–16:00; 31 października 2026,
    9:00–13:00``)."""
    days = sorted(days, key=lambda d: (d.date, d.start))
    if not days:
        return ""
    if len({(d.start, d.end) for d in days}) == 1:
        consecutive = all(
            (b.date - a.date).days == 1 for a, b in zip(days, days[1:], strict=False)
        )
        if consecutive:
            return f"{date_range_text(days[0].date, days[-1].date)}, {time_range_text(days[0].start, days[0].end)}"
    return "; ".join(
        f"{date_range_text(d.date)}, {time_range_text(d.start, d.end)}" for d in days
    )
