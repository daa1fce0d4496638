"""Spreadsheets that coordinators open in Polish Excel or LibreOffice: the one
place that writes CSV and XLSX files for every app.

- every text value that a spreadsheet could take for a formula (beginning
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised
  with a leading apostrophe (``neutralise``), in CSV and XLSX alike, so a
  participant's ``=HYPERLINK(...)`` stays text even when the file is saved
  again as CSV;
- CSV is UTF-8 with a BOM and ``;`` between values (what Polish Excel opens
  without an import wizard);
- date-times are shown in the project's time zone (Europe/Warsaw) and written
  to XLSX as real date cells;
- XLSX sheets are named, have a bold frozen header row, an autofilter and
  column widths that fit their content.

Views build rows of plain values (str, numbers, dates) with Polish labels and
call ``csv_response`` / ``xlsx_response``; Wagtail list views mix in
``SafeSpreadsheetExportMixin``. Imports no feature app.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
DATE_FORMAT = "DD.MM.YYYY"
TIME_FORMAT = "HH:MM"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value):
    """``value`` unchanged unless it is text a spreadsheet would evaluate;
    such text gets a leading apostrophe (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local(value):
    """An aware date-time in the project's time zone, without tzinfo (what a
    spreadsheet cell can hold); anything else unchanged."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_default_timezone())
    return value


def cell_value(value):
    """A value as it goes into an XLSX cell: numbers and dates stay typed,
    date-times local, lazy strings forced, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal, datetime.date, datetime.time)):
        return local(value)
    return neutralise(force_str(value))


def csv_text(value) -> str:
    """A value as CSV text: local date-times in Polish order, decimal comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, datetime.datetime):
        return local(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return neutralise(force_str(value))


def csv_bytes(headings: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in headings])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def csv_response(filename: str, headings: Sequence, rows: Iterable[Sequence]):
    response = HttpResponse(
        csv_bytes(headings, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@dataclass
class Sheet:
    """One named sheet: a header row, data rows, and optional rows after a
    blank line (totals) that the autofilter leaves out."""

    title: str
    headings: Sequence
    rows: Iterable[Sequence]
    footer: list[Sequence] = field(default_factory=list)


def sheet_title(title, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    text = _SHEET_FORBIDDEN.sub("-", force_str(title)).strip("'") or "Arkusz"
    text = text[:31]
    candidate, number = text, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = text[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _display_width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in force_str(value).splitlines()), default=0)


def _write_sheet(worksheet, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    headings = [neutralise(force_str(h)) for h in sheet.headings]
    worksheet.append(headings)
    bold = Font(bold=True)
    for cell in worksheet[1]:
        cell.font = bold
    widths = [_display_width(h) for h in headings]
    last_row = 1
    for row in sheet.rows:
        values = [cell_value(v) for v in row]
        worksheet.append(values)
        last_row += 1
        for index, value in enumerate(values):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], _display_width(value))
    columns = max(len(headings), 1)
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{last_row}"
    if sheet.footer:
        worksheet.append([])
        for row in sheet.footer:
            worksheet.append([cell_value(v) for v in row])
            for cell in worksheet[worksheet.max_row]:
                cell.font = bold
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, datetime.time):
                cell.number_format = TIME_FORMAT
            elif cell.data_type == "f":
                # Belt and braces: neutralised text never starts with "=",
                # but nothing written here is ever a formula.
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = min(
            max(width + 2, 8), 60
        )


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in sheets:
        _write_sheet(
            workbook.create_sheet(title=sheet_title(sheet.title, taken)), sheet
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]):
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class SafeSpreadsheetExportMixin:
    """For Wagtail views with ``SpreadsheetExportMixin`` (viewsets, reports):
    the same CSV and XLSX as ``csv_response`` / ``xlsx_response``.
    Put it before the Wagtail view in the bases. ``export_sheet_title`` names
    the sheet."""

    export_sheet_title = ""

    def get_export_sheet_title(self) -> str:
        return force_str(self.export_sheet_title or self.get_filename())

    def _export_rows(self, queryset, export_format):
        for item in queryset:
            row = self.to_row_dict(item)
            values = []
            for name, value in row.items():
                if isinstance(value, (datetime.date, datetime.time)):
                    values.append(value)
                    continue
                values.append(self.preprocess_field_value(name, value, export_format))
            yield values

    def _export_headings(self, queryset):
        return [self.get_heading(queryset, name) for name in self.list_export]

    def write_csv_response(self, queryset):
        return csv_response(
            self.get_filename(),
            self._export_headings(queryset),
            self._export_rows(queryset, self.FORMAT_CSV),
        )

    def write_xlsx_response(self, queryset):
        return xlsx_response(
            self.get_filename(),
            [
                Sheet(
                    title=self.get_export_sheet_title(),
                    headings=self._export_headings(queryset),
                    rows=self._export_rows(queryset, self.FORMAT_XLSX),
                )
            ],
        )
