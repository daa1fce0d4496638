"""A coordinator's journey through talking to participants and the staff
dashboard: the podlaskie coordinator sees their events on the dashboard,
writes to the confirmed registrants with an attachment, previews the email,
sends it, finds it among the sent messages, and is refused another
voivodeship's event. Every page passes axe at 1280 and at 320 px."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def _look(page, axe, name: str) -> None:
    """axe at the desktop width and at 320 px (reflow), with screenshots
    when E2E_SCREENSHOTS names a folder."""
    axe(page)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    axe(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-320.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_coordinator_messages_registrants_and_sees_the_dashboard(
    page,
    sign_in,
    live_server_url,
    home_page,
    outbox,
    axe,
    verified_person,
):
    from wagtail.models import Locale

    from events.services import registration_create
    from events.tests.factories import coordinator_create, event_create, index_create

    Locale.objects.get_or_create(language_code="pl")
    index = index_create(title="Szkolenia", slug="szkolenia")
    event = event_create(
        parent=index,
        title="Szkolenie w Białymstoku: diagnoza potrzeb rodziny",
        organiser="20",
        capacity=3,
    )
    people = [
        verified_person(first_name=first, last_name=last, voivodeship="20")
        for first, last in [
            ("Ewa", "Gołąb"),
            ("Jan", "Źrebiec"),
            ("Ola", "Łukasik"),
            ("Piotr", "Wąs"),
        ]
    ]
    for person in people:
        registration_create(event=event, user=person)
    other = event_create(
        parent=index, title="Szkolenie w Rzeszowie (podkarpackie)", organiser="18"
    )
    coordinator = coordinator_create(
        scope="20", first_name="Halina", last_name="Koordynatorska"
    )
    from certificates.tests.factories import completion_create

    completion_create(organiser="20", title="Szkolenie w Łomży (zakończone)")
    completion_create(organiser="18", title="Szkolenie w Krośnie (podkarpackie)")
    outbox.clear()

    sign_in(page, coordinator)
    page.goto(f"{live_server_url}/admin/")
    dashboard = page.get_by_role("region", name="Wydarzenia, które koordynuję")
    expect(dashboard.get_by_role("link", name=event.title, exact=True)).to_be_visible()
    expect(dashboard.get_by_text("3 / 3")).to_be_visible()
    expect(page.get_by_text(other.title)).to_have_count(0)
    awaiting = page.get_by_role("region", name="Ukończenia czekające na zaświadczenia")
    expect(awaiting.get_by_text("Szkolenie w Łomży (zakończone)")).to_be_visible()
    expect(page.get_by_text("Szkolenie w Krośnie (podkarpackie)")).to_have_count(0)
    _look(page, axe, "dashboard")

    dashboard.get_by_role("link", name=f"Wiadomości: {event.title}").click()
    expect(
        page.get_by_role("heading", name="Wiadomości do uczestników")
    ).to_be_visible()
    expect(page.get_by_text("Nie wysłano jeszcze żadnej wiadomości.")).to_be_visible()
    _look(page, axe, "messages-list")

    page.get_by_role("link", name="Napisz wiadomość do zapisanych").click()
    expect(page.get_by_label("potwierdzone (3)")).to_be_checked()
    expect(page.get_by_label("lista rezerwowa (1)")).not_to_be_checked()
    _look(page, axe, "compose")
    page.get_by_label("Temat").fill("Zmiana sali i mapa dojazdu")
    page.get_by_label("Treść").fill(
        "Szkolenie odbędzie się w sali 12 na parterze.\nMapę dojazdu dołączamy."
    )
    page.get_by_label("Załącznik (nieobowiązkowy)").set_input_files(
        {
            "name": "mapa-dojazdu.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n% mapa\n",
        }
    )
    page.get_by_role("button", name="Podgląd przed wysłaniem").click()

    expect(page.get_by_text("Wiadomość trafi do 3 osób.")).to_be_visible()
    email = page.get_by_role("region", name="Wiadomość w wersji HTML")
    expect(
        email.get_by_text("Szkolenie odbędzie się w sali 12 na parterze.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="mapa-dojazdu.pdf")).to_be_visible()
    assert outbox == []
    _look(page, axe, "preview")

    page.get_by_role("button", name="Wyślij wiadomość").click()
    expect(
        page.get_by_text("Wysłano wiadomość „Zmiana sali i mapa dojazdu”: adresatów 3.")
    ).to_be_visible()
    _look(page, axe, "messages-sent")
    assert sorted(m.to[0] for m in outbox) == sorted(p.email for p in people[:3])
    sent = outbox[0]
    assert "Szkolenie odbędzie się w sali 12 na parterze." in sent.body
    assert sent.attachments[0][0] == "mapa-dojazdu.pdf"

    page.get_by_role("link", name="Zmiana sali i mapa dojazdu").click()
    expect(page.get_by_role("cell", name=people[0].email)).to_be_visible()
    _look(page, axe, "message-detail")

    page.goto(f"{live_server_url}/admin/wiadomosci-wydarzen/{other.pk}/nowa/")
    expect(
        page.get_by_text("Nie koordynujesz wydarzeń tego organizatora", exact=False)
    ).to_be_visible()
    _look(page, axe, "refused")


def test_trainer_sees_their_courses_on_the_dashboard(
    page, sign_in, live_server_url, home_page, axe
):
    from courses.services import enrolment_create
    from courses.tests.factories import course_create, index_create
    from szkola.accounts.tests.factories import trainer_create, user_create

    trainer = trainer_create(first_name="Tomasz", last_name="Trener")
    index = index_create()
    mine = course_create(index=index, title="Praca socjalna w PZK", trainers=[trainer])
    course_create(index=index, title="Kurs innego trenera", trainers=[trainer_create()])
    for _ in range(2):
        enrolment_create(user=user_create(), course=mine)
    from courses.services import course_index_governance_ensure

    course_index_governance_ensure(index=index)
    mine.save_revision(user=trainer)
    mine.get_workflow().start(mine, trainer)

    sign_in(page, trainer)
    page.goto(f"{live_server_url}/admin/")
    panel = page.get_by_role("region", name="Moje kursy")
    row = panel.get_by_role("row", name="Praca socjalna w PZK")
    expect(row).to_contain_text("w akceptacji")
    expect(row.get_by_role("cell", name="2", exact=True)).to_be_visible()
    expect(page.get_by_text("Kurs innego trenera")).to_have_count(0)
    expect(page.get_by_text("Wydarzenia, które koordynuję")).to_have_count(0)
    _look(page, axe, "trainer-dashboard")
