"""A coordinator prints the attendance sheet and uploads the signed scan back."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_coordinator_uploads_the_signed_attendance_list(
    page, phone_page, sign_in, live_server_url, home_page, axe, tmp_path
):
    from events.models import AttendanceScan
    from events.tests.factories import coordinator_create, event_create

    event = event_create(title="Szkolenie w Kielcach", organiser="26")
    coordinator = coordinator_create(scope="26")
    first_day = event.days.order_by("date").first()

    sign_in(page, coordinator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server_url}/admin/wydarzenia/{event.pk}/obecnosc/")
    axe(page)
    page.get_by_role("link", name="Prześlij skan podpisanej listy").click()
    expect(page.get_by_role("heading", name="Dokumenty wydarzenia")).to_be_visible()
    axe(page)
    page.screenshot(path=str(tmp_path / "documents-1280.png"), full_page=True)

    sheet = page.context.request.get(
        f"{live_server_url}/koordynator/wydarzenie/{event.pk}/lista-obecnosci.pdf"
    )
    assert sheet.ok and sheet.body().startswith(b"%PDF")

    scan = tmp_path / "lista-podpisana.pdf"
    scan.write_bytes(PDF)
    page.get_by_label(f"Skan listy z dnia {first_day.date:%d.%m.%Y}").set_input_files(
        str(scan)
    )
    page.get_by_role("button", name="Prześlij").first.click()
    expect(page.get_by_text("Zapisano skan listy obecności")).to_be_visible()
    expect(page.get_by_role("link", name="lista-podpisana.pdf")).to_be_visible()
    axe(page)
    assert AttendanceScan.objects.get().day_id == first_day.pk

    href = page.get_by_role("link", name="lista-podpisana.pdf").get_attribute("href")
    download = page.context.request.get(
        href if href.startswith("http") else live_server_url + href
    )
    assert download.ok and download.body() == PDF

    sign_in(phone_page, coordinator)
    phone_page.set_viewport_size({"width": 320, "height": 640})
    phone_page.goto(f"{live_server_url}/admin/wydarzenia/{event.pk}/dokumenty/")
    axe(phone_page)
    phone_page.screenshot(path=str(tmp_path / "documents-320.png"), full_page=True)
