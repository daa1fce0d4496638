"""The SL2014 export read back column by column."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from monitoring.exports import ADDRESS_AND_DATES, PARTICIPANT_COLUMNS, neutralise
from szkola.accounts.models import AuditEntry
from szkola.accounts.services import profile_update

from .factories import coordinator_create, participant_data_create, user_create

pytestmark = pytest.mark.django_db

EXPECTED_HEADINGS = [
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
    *ADDRESS_AND_DATES,
]


def _start(record, day: str, *, completed=True, end: str | None = None):
    record.started_on = datetime.date.fromisoformat(day)
    record.ended_on = datetime.date.fromisoformat(end) if end else None
    record.support_completed = completed if end else None
    record.age_at_start = 36
    record.support = [
        {
            "kind": "training2",
            "kind_label": "szkolenie dwudniowe",
            "title": "Szkolenie",
            "date_from": day,
            "date_to": end or day,
            "hours": "16.0",
            "completed": completed,
        }
    ]
    record.save()
    return record


def _export(tmp_path, *args):
    out = tmp_path / "sl2014.xlsx"
    call_command("monitoring_export", "--format", "sl2014", *args, "--out", str(out))
    return load_workbook(out)


def _rows(workbook, sheet="Uczestnicy"):
    return list(workbook[sheet].iter_rows(values_only=True))


def test_columns_codes_and_dates_in_the_sl2014_layout(tmp_path):
    user = user_create(first_name="Grażyna", last_name="Żółć")
    _start(
        participant_data_create(user=user, special_disability="refused"),
        "2021-02-15",
        end="2021-02-16",
    )
    workbook = _export(tmp_path)
    sheet = workbook["Uczestnicy"]
    headings, row = _rows(workbook)
    assert list(headings[: len(EXPECTED_HEADINGS)]) == EXPECTED_HEADINGS
    assert len(headings) == len(PARTICIPANT_COLUMNS)
    values = dict(zip(headings, row, strict=True))
    assert values["Imię"] == "Grażyna" and values["Nazwisko"] == "Żółć"
    assert values["PESEL"] == "85010112345"
    assert values["Brak PESEL"] == "Nie"
    assert values["Płeć"] == "Kobieta"
    assert values["Wykształcenie"] == "Wyższe (ISCED 5-8)"
    assert values["Województwo"] == "podlaskie"
    assert values["Kod pocztowy"] == "16-070"
    assert values["Obszar według stopnia urbanizacji (DEGURBA)"].startswith("3")
    assert values["Data rozpoczęcia udziału w projekcie"] == datetime.datetime(
        2021, 2, 15
    )
    assert values["Data zakończenia udziału w projekcie"] == datetime.datetime(
        2021, 2, 16
    )
    assert values["Osoba z niepełnosprawnościami"] == "Odmowa podania informacji"
    assert (
        values[
            "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej "
            "ścieżką uczestnictwa"
        ]
        == "Tak"
    )
    start_cell = sheet.cell(
        row=2, column=headings.index("Data rozpoczęcia udziału w projekcie") + 1
    )
    assert start_cell.number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref


def test_without_pesel_the_row_says_so(tmp_path):
    _start(
        participant_data_create(
            pesel="", no_pesel="on", birth_date=datetime.date(1979, 11, 3), sex="M"
        ),
        "2021-02-15",
    )
    headings, row = _rows(_export(tmp_path))
    values = dict(zip(headings, row, strict=True))
    assert values["PESEL"] is None
    assert values["Brak PESEL"] == "Tak"
    assert values["Płeć"] == "Mężczyzna"


def test_participant_text_never_becomes_a_formula(tmp_path):
    user = user_create(first_name='=HYPERLINK("http://x","y")')
    _start(participant_data_create(user=user, street="+48 ul"), "2021-02-15")
    headings, row = _rows(_export(tmp_path))
    values = dict(zip(headings, row, strict=True))
    assert values["Imię"] == '\'=HYPERLINK("http://x","y")'
    assert values["Ulica"] == "'+48 ul"
    assert neutralise("-1") == "'-1" and neutralise(datetime.date(2021, 1, 1))


def test_voivodeship_and_period_filters(tmp_path):
    _start(participant_data_create(voivodeship="20"), "2021-01-10")
    _start(participant_data_create(voivodeship="20"), "2021-03-10")
    _start(participant_data_create(voivodeship="06"), "2021-01-12")
    participant_data_create(voivodeship="20")  # data given, no support yet
    rows = _rows(
        _export(
            tmp_path,
            "--voivodeship",
            "20",
            "--from",
            "2021-01-01",
            "--to",
            "2021-01-31",
        )
    )
    assert len(rows) == 2
    assert AuditEntry.objects.get(action="monitoring.export.sl2014").data["rows"] == 1


def test_institutions_sheet_one_row_per_nip(tmp_path):
    _start(participant_data_create(), "2021-01-10")
    _start(participant_data_create(), "2021-02-10")
    _start(participant_data_create(institution_nip="7680002466"), "2021-02-10")
    rows = _rows(_export(tmp_path), "Instytucje")
    assert rows[0][:4] == ("Kraj", "Nazwa instytucji", "NIP", "Typ instytucji")
    by_nip = {row[2]: row for row in rows[1:]}
    assert set(by_nip) == {"5260250274", "7680002466"}
    assert by_nip["5260250274"][-1] == 2
    assert by_nip["5260250274"][15] == datetime.datetime(2021, 1, 10)


def test_the_command_as_a_coordinator_refuses_another_voivodeship(tmp_path):
    coordinator = coordinator_create(scope="20")
    with pytest.raises(CommandError, match="Nie masz dostępu"):
        _export(tmp_path, "--voivodeship", "06", "--as", coordinator.email)
    assert not (tmp_path / "sl2014.xlsx").exists()


def test_the_command_refuses_a_reversed_period(tmp_path):
    with pytest.raises(CommandError):
        _export(tmp_path, "--from", "2021-02-01", "--to", "2021-01-01")


def test_profile_changes_do_not_leak_into_the_export(tmp_path):
    user = user_create()
    _start(participant_data_create(user=user), "2021-01-10")
    profile_update(
        user=user, first_name="Anna", last_name="Nowak", institution_name="X"
    )
    headings, row = _rows(_export(tmp_path))
    assert dict(zip(headings, row, strict=True))["Nazwa instytucji"].startswith(
        "Gminny"
    )
