"""Journeys through events: a participant registers, gets the confirmation
email with an .ics file, cancels, and the first person waiting gets the
place; a coordinator approves registrations, checks people in on a phone
(from the list and by typing the QR code), downloads the attendance list and
exports the catering list."""

import base64
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "Haslo-testowe-123"

# Stands in for the phone's camera: getUserMedia returns a stream of a canvas
# showing the participant's QR code, so the page's own scanner (the vendored
# jsQR) reads it exactly as it would read a real camera picture.
FAKE_CAMERA_JS = """
(() => {
  const source = "%s";
  navigator.mediaDevices.getUserMedia = () => new Promise((resolve) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = 480;
      canvas.height = 480;
      const context = canvas.getContext("2d");
      const draw = () => {
        context.fillStyle = "#fff";
        context.fillRect(0, 0, 480, 480);
        context.drawImage(image, 40, 40, 400, 400);
      };
      draw();
      setInterval(draw, 100);
      resolve(canvas.captureStream(10));
    };
    image.src = source;
  });
})();
"""


def _qr_png_data_url(text: str) -> str:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(text).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_participant_registers_cancels_and_the_first_waiting_gets_the_place(
    page,
    live_server_url,
    wagtail_locale,
    home_page,
    outbox,
    login,
    axe,
    verified_person,
):
    from events.models import Registration
    from events.services import registration_create
    from events.tests.factories import event_create, index_create

    index = index_create(title="Szkolenia", slug="szkolenia")
    event = event_create(
        parent=index, title="Szkolenie: współpraca w gminie Czarna", capacity=1
    )
    anna = verified_person(first_name="Anna", last_name="Kowalczyk")
    jan = verified_person(first_name="Jan", last_name="Świątek")

    login(page, live_server_url, anna.email, PASSWORD)
    page.goto(f"{live_server_url}/szkolenia/")
    axe(page)
    page.get_by_role("link", name="Szkolenie: współpraca w gminie Czarna").click()
    axe(page)
    page.get_by_label("Dieta").select_option("vegetarian")
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("status").first).to_contain_text("potwierdzone")
    axe(page)

    confirmation = next(m for m in outbox if m.to == [anna.email])
    assert "Miejsce potwierdzone" in confirmation.subject
    calendar = confirmation.attachments[0]
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT" in calendar.get_payload(decode=True).decode()

    waiting, _ = registration_create(event=event, user=jan)
    assert waiting.status == Registration.Status.WAITLISTED

    page.goto(f"{live_server_url}/moje/zapisy/")
    axe(page)
    expect(page.get_by_role("img", name=re.compile("Kod QR"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Zrezygnuj")).click()
    # The confirmation says what is lost before anything changes.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rezygnacja")
    expect(page.get_by_text(re.compile("stracisz miejsce"))).to_be_visible()
    axe(page)
    page.get_by_role("button", name=re.compile("Tak, rezygnuję")).click()
    expect(page.get_by_text("Zgłoszenie anulowane.")).to_be_visible()
    axe(page)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert any(
        m.to == [jan.email] and "Miejsce potwierdzone" in m.subject for m in outbox
    )

    page.context.clear_cookies()
    login(page, live_server_url, jan.email, PASSWORD)
    page.goto(f"{live_server_url}/moje/zapisy/")
    expect(page.get_by_text("potwierdzone").first).to_be_visible()
    axe(page)


def test_coordinator_approves_checks_in_prints_and_exports(
    page,
    phone_page,
    sign_in,
    live_server_url,
    wagtail_locale,
    home_page,
    axe,
    verified_person,
):
    from django.utils import timezone
    from openpyxl import load_workbook

    from events.models import Attendance, Registration
    from events.services import checkin_token, manual_code, registration_create
    from events.tests.factories import coordinator_create, event_create, index_create

    index = index_create(title="Szkolenia", slug="szkolenia")
    event = event_create(
        parent=index,
        title="Szkolenie regionalne w Rzeszowie",
        first_day=timezone.localdate(),
        closes_in_days=1,
        approval_required=True,
        organiser="18",
    )
    people = [
        verified_person(first_name=first, last_name=last)
        for first, last in [("Ewa", "Gołąb"), ("Jan", "Źrebiec"), ("Ola", "Łukasik")]
    ]
    for person in people:
        registration_create(event=event, user=person, diet="vegan")
    coordinator = coordinator_create(
        scope="18", first_name="Krystyna", last_name="Koordynatorska"
    )

    sign_in(page, coordinator)
    page.goto(f"{live_server_url}/admin/wydarzenia/{event.pk}/")
    axe(page)
    for person in people:
        page.get_by_label(f"Zaznacz: {person.get_full_name()}").check()
    page.get_by_role("button", name="Zatwierdź zaznaczone").click()
    axe(page)
    page.get_by_role("button", name="Zatwierdź zgłoszenia").click()
    expect(page.get_by_text("Zatwierdzono 3 zgłoszenia.")).to_be_visible()
    axe(page)
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}

    page.goto(f"{live_server_url}/admin/wydarzenia/{event.pk}/wyzywienie/")
    axe(page)
    catering = page.context.request.get(
        f"{live_server_url}/admin/wydarzenia/{event.pk}/wyzywienie/?format=xlsx"
    )
    assert catering.ok
    workbook = load_workbook(io.BytesIO(catering.body()))
    assert workbook.sheetnames[0] == "Podsumowanie"
    sheet = workbook.worksheets[1]  # the first day's names
    names = [row[0] for row in sheet.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert sorted(names) == [
        "Ewa Gołąb",
        "Jan Źrebiec",
        "Ola Łukasik",
    ]

    sign_in(phone_page, coordinator)
    phone_page.goto(f"{live_server_url}/koordynator/")
    axe(phone_page)
    phone_page.get_by_role(
        "link", name=re.compile(r"^obecność .*Szkolenie regionalne")
    ).first.click()
    axe(phone_page)
    phone_page.get_by_label("Szukaj po nazwisku lub instytucji").fill("Gołąb")
    phone_page.get_by_role("button", name="Szukaj").click()
    phone_page.get_by_role("button", name=re.compile(r"^Obecny\W+Ewa Gołąb")).click()
    expect(phone_page.get_by_text("Obecność: Ewa Gołąb")).to_be_visible()
    axe(phone_page)

    jan_registration = Registration.objects.get(user=people[1])
    # The camera cannot read it: the coordinator types the code printed
    # under the participant's QR code.
    phone_page.get_by_label("Kod z potwierdzenia").fill(
        manual_code(registration=jan_registration)
    )
    phone_page.get_by_role("button", name="Potwierdź obecność").click()
    expect(phone_page.get_by_text("Obecność: Jan Źrebiec")).to_be_visible()
    axe(phone_page)

    phone_page.get_by_label("Kod z potwierdzenia").fill("sfalszowany:kod")
    phone_page.get_by_role("button", name="Potwierdź obecność").click()
    expect(
        phone_page.get_by_text("Ten kod nie jest ważny dla tego wydarzenia.")
    ).to_be_visible()
    axe(phone_page)

    # Ola shows the QR code from her confirmation to the phone's camera.
    ola_registration = Registration.objects.get(user=people[2])
    phone_page.add_init_script(
        FAKE_CAMERA_JS % _qr_png_data_url(checkin_token(registration=ola_registration))
    )
    phone_page.reload()
    phone_page.get_by_role("button", name="Skanuj kod kamerą").click()
    expect(phone_page.get_by_text("Obecność: Ola Łukasik")).to_be_visible()
    axe(phone_page)

    methods = dict(
        Attendance.objects.values_list("registration__user__last_name", "method")
    )
    assert methods == {"Gołąb": "list", "Źrebiec": "manual", "Łukasik": "qr"}

    day = event.days.order_by("date").first()
    pdf = phone_page.context.request.get(
        f"{live_server_url}/koordynator/obecnosc/{day.pk}/lista-obecnosci.pdf"
    )
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_participant_on_a_320px_phone_registers_and_changes_the_diet(
    phone_page,
    live_server_url,
    wagtail_locale,
    home_page,
    login,
    axe,
    verified_person,
):
    from events.models import Registration
    from events.tests.factories import event_create, index_create

    page = phone_page
    index = index_create(title="Szkolenia", slug="szkolenia")
    event = event_create(parent=index, title="Szkolenie: diagnoza w gminie Dubiecko")
    ewa = verified_person(first_name="Ewa", last_name="Jaworska")

    login(page, live_server_url, ewa.email, PASSWORD)
    page.set_viewport_size({"width": 320, "height": 700})

    def look():
        axe(page)
        # Reflow: nothing scrolls sideways on a 320 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.goto(f"{live_server_url}{event.url}")
    look()
    page.get_by_label("Dieta").select_option("vegetarian")
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("status").first).to_contain_text("potwierdzone")
    look()

    page.goto(f"{live_server_url}/moje/zapisy/")
    expect(page.get_by_text("wegetariańska")).to_be_visible()
    look()
    page.get_by_role("link", name=re.compile("Zmień noclegi, wyżywienie")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zmiana odpowiedzi")
    expect(page.get_by_label("Dieta")).to_have_value("vegetarian")
    look()
    page.get_by_label("Dieta").select_option("vegan")
    page.get_by_label("Uwagi o diecie (np. alergie)").fill("bez soi")
    page.get_by_role("button", name="Zapisz zmiany").click()
    expect(page.get_by_text(re.compile("Zapisaliśmy zmiany"))).to_be_visible()
    expect(page.get_by_text("wegańska (bez soi)")).to_be_visible()
    look()

    registration = Registration.objects.get(event=event, user=ewa)
    assert (registration.diet, registration.diet_notes) == ("vegan", "bez soi")
    assert registration.status == Registration.Status.CONFIRMED
