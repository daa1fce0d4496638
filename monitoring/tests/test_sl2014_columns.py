"""The SL2014 participant sheet's header row, cell by cell, against the
list documented in docs/monitoring.md (and the value of the column added
from the sources: the end date of the form of support)."""

import datetime

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from .factories import participant_data_create

pytestmark = pytest.mark.django_db

DOCUMENTED = [
    "Kraj",
    "Rodzaj uczestnika",
    "Nazwa instytucji",
    "Imię",
    "Nazwisko",
    "PESEL",
    "Brak PESEL",
    "Płeć",
    "Wiek w chwili przystąpienia do projektu",
    "Wykształcenie",
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
    "Status osoby na rynku pracy w chwili przystąpienia do projektu",
    "Wykonywany zawód",
    "Zatrudniony w",
    "Sytuacja osoby w momencie zakończenia udziału w projekcie",
    "Inne rezultaty dotyczące osób młodych",
    "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej "
    "ścieżką uczestnictwa",
    "Rodzaj przyznanego wsparcia",
    "Data rozpoczęcia udziału we wsparciu",
    "Data zakończenia udziału we wsparciu",
    "Data założenia działalności gospodarczej",
    "Kwota przyznanych środków na założenie działalności gospodarczej",
    "PKD założonej działalności gospodarczej",
    "Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba "
    "obcego pochodzenia",
    "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
    "Osoba z niepełnosprawnościami",
    "Osoba w innej niekorzystnej sytuacji społecznej (innej niż wymienione powyżej)",
]


@pytest.fixture
def workbook(tmp_path):
    record = participant_data_create()
    record.started_on = datetime.date(2021, 2, 15)
    record.ended_on = datetime.date(2021, 2, 16)
    record.support_completed = True
    record.support = [
        {
            "kind": "training2",
            "kind_label": "szkolenie dwudniowe",
            "title": "Szkolenie",
            "date_from": "2021-02-15",
            "date_to": "2021-02-16",
            "hours": "16.0",
            "completed": True,
        }
    ]
    record.save()
    out = tmp_path / "sl2014.xlsx"
    call_command("monitoring_export", "--format", "sl2014", "--out", str(out))
    return load_workbook(out)


def test_header_row_is_the_documented_list_cell_by_cell(workbook):
    sheet = workbook["Uczestnicy"]
    assert sheet.max_column == len(DOCUMENTED)
    for index, heading in enumerate(DOCUMENTED, start=1):
        assert sheet.cell(row=1, column=index).value == heading, index


def test_no_household_columns_are_exported(workbook):
    headings = [cell.value for cell in workbook["Uczestnicy"][1]]
    assert not [h for h in headings if "gospodarstw" in h]


def test_end_of_the_form_of_support_is_a_date_cell(workbook):
    sheet = workbook["Uczestnicy"]
    column = DOCUMENTED.index("Data zakończenia udziału we wsparciu") + 1
    cell = sheet.cell(row=2, column=column)
    assert cell.value == datetime.datetime(2021, 2, 16)
    assert cell.number_format == "yyyy-mm-dd"
