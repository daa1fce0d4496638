"""Journeys through the EFS participant data: a participant is asked for it
before the first registration (a wrong PESEL is refused in Polish, nothing is
saved), then registers; a podlaskie coordinator reads the monitoring report
with its charts and downloads the SL2014 export of their voivodeship only."""

import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "Haslo-testowe-123"


@pytest.fixture
def gate_on(settings):
    settings.MONITORING_PARTICIPANT_DATA_REQUIRED = True


def test_participant_gives_the_data_before_the_first_registration(
    page,
    live_server_url,
    wagtail_locale,
    home_page,
    login,
    axe,
    gate_on,
    verified_person,
):
    from events.models import Registration
    from events.tests.factories import event_create, index_create
    from monitoring.models import ParticipantData

    index = index_create(title="Szkolenia", slug="szkolenia")
    event = event_create(parent=index, title="Szkolenie: diagnoza w gminie Gródek")
    anna = verified_person(first_name="Anna", last_name="Kowalczyk", voivodeship="20")

    login(page, live_server_url, anna.email, PASSWORD)
    page.goto(f"{live_server_url}{event.url}")
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("heading", name="Dane uczestnika projektu")).to_be_visible()
    expect(page.get_by_text("Podstawa prawna:")).to_be_visible()
    axe(page)

    page.get_by_label(re.compile(r"^PESEL")).fill("85010112346")
    page.get_by_label("Wykształcenie").select_option("7")
    page.get_by_label("Miejscowość").fill("Gródek")
    page.get_by_label("Numer budynku").fill("12")
    page.get_by_label("Kod pocztowy").fill("16-040")
    page.get_by_label("Obszar zamieszkania").select_option("3")
    page.get_by_label("Telefon kontaktowy").fill("600 100 200")
    page.get_by_label("NIP instytucji").fill("526-025-02-74")
    for group in page.locator(".monitoring-question").all():
        group.get_by_label("nie", exact=True).check()
    page.locator(".monitoring-question").nth(2).get_by_label(
        "odmawiam odpowiedzi"
    ).check()
    page.get_by_label("Zapoznałam/zapoznałem się").check()
    page.get_by_role("button", name="Zapisz dane uczestnika").click()

    expect(page.locator("#form-errors")).to_contain_text(
        "nie zgadza się cyfra kontrolna"
    )
    axe(page)
    assert not ParticipantData.objects.filter(user=anna).exists()

    page.get_by_label(re.compile(r"^PESEL")).fill("85010112345")
    page.get_by_label("Zapoznałam/zapoznałem się").check()
    page.get_by_role("button", name="Zapisz dane uczestnika").click()
    page.wait_for_url(f"{live_server_url}{event.url}")
    expect(page.get_by_text("Zapisano dane uczestnika projektu.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("status").first).to_contain_text("potwierdzone")
    assert Registration.objects.filter(user=anna, event=event).exists()
    record = ParticipantData.objects.get(user=anna)
    assert record.special_answers["disability"] == "refused"
    assert record.sex == "K"


def test_coordinator_reads_the_report_and_exports_their_voivodeship(
    page, live_server_url, home_page, sign_in, axe
):
    from openpyxl import load_workbook

    from monitoring.tests.factories import (
        coordinator_create,
        participant_data_create,
        support_started,
    )

    for voivodeship, day in (
        ("20", "2021-02-15"),
        ("20", "2021-03-01"),
        ("06", "2021-02-20"),
    ):
        support_started(participant_data_create(voivodeship=voivodeship), day)
    coordinator = coordinator_create(scope="20")
    sign_in(page, coordinator)

    page.goto(f"{live_server_url}/admin/monitoring/")
    expect(page.get_by_role("img", name="Osoby według płci")).to_be_visible()
    expect(page.get_by_role("definition").nth(1)).to_have_text("2")
    axe(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Eksport SL2014 (XLSX)").click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(workbook["Uczestnicy"].iter_rows(min_row=2, values_only=True))
    assert [row[10] for row in rows] == ["podlaskie", "podlaskie"]

    page.goto(f"{live_server_url}/admin/monitoring/?voivodeship=06")
    expect(page.get_by_text("Nie masz dostępu do danych uczestników")).to_be_visible()
    axe(page)
