import datetime
import io

import pytest
from openpyxl import load_workbook

from szkola.home.exports import (
    Sheet,
    csv_bytes,
    neutralise,
    sheet_title,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+48 600", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")'],
)
def test_neutralise_prefixes_what_a_spreadsheet_would_evaluate(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Jan Kowalski", "", "1,5", 3, None])
def test_neutralise_leaves_other_values(value):
    assert neutralise(value) == value


def test_csv_has_bom_semicolons_and_local_times(settings):
    settings.TIME_ZONE = "Europe/Warsaw"
    when = datetime.datetime(2021, 7, 1, 22, 30, tzinfo=datetime.UTC)

    content = csv_bytes(["Imię", "Kiedy"], [["=cmd|' /C calc'!A0", when]])

    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == ["Imię;Kiedy", "'=cmd|' /C calc'!A0;02.07.2021 00:30"]


def test_xlsx_sheet_is_named_frozen_filtered_and_typed():
    when = datetime.datetime(2021, 1, 15, 23, 30, tzinfo=datetime.UTC)
    content = xlsx_bytes(
        [
            Sheet(
                title="Lista: 15/01",
                headings=["Imię i nazwisko", "Kiedy", "Godziny"],
                rows=[["@bad", when, 8]],
                footer=[["Razem", "", 8]],
            )
        ]
    )

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Lista- 15-01"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C2"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "'@bad"
    assert sheet["B2"].value == datetime.datetime(2021, 1, 16, 0, 30)
    assert sheet["B2"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet["C2"].value == 8
    assert sheet["A4"].value == "Razem"
    assert sheet.column_dimensions["A"].width >= len("Imię i nazwisko")


def test_sheet_titles_are_unique_and_short():
    taken: set[str] = set()
    long = "x" * 40
    assert sheet_title(long, taken) == "x" * 31
    assert sheet_title(long, taken) == "x" * 27 + " (2)"
