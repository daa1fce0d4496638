"""The registrations desk in a real browser, as the coordinator of
podlaskie: approve a registration, reject one with a reason (confirmed on a
summary page first), add a walk-in with their needs, and raise the number of
places with a reason; every page passes the accessibility check. Screenshots
of the desk at 1280 and 320 px go to var/screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_podlaskie_coordinator_runs_the_desk(
    page, sign_in, live_server_url, wagtail_locale, home_page, axe, outbox
):
    from events.models import EventState, Registration
    from events.services import registration_create
    from events.tests.factories import (
        coordinator_create,
        event_create,
        index_create,
        user_create,
    )

    index = index_create(title="Szkolenia", slug="szkolenia")
    event = event_create(
        parent=index,
        title="Animator PZK w praktyce",
        organiser="20",
        approval_required=True,
        capacity=3,
    )
    event_create(parent=index, title="Szkolenie w Rzeszowie", organiser="18")
    ewa = user_create(first_name="Ewa", last_name="Gołąb", voivodeship="20")
    jan = user_create(first_name="Jan", last_name="Źrebiec", voivodeship="20")
    ola = user_create(
        first_name="Ola",
        last_name="Łukasik",
        voivodeship="20",
        institution_name="=GOPS Supraśl",
    )
    for person in (ewa, jan, ola):
        registration_create(event=event, user=person)
    walk_in = user_create(
        first_name="Piotr",
        last_name="Żak",
        email="piotr.zak@gops-wasilkow.example.pl",
        voivodeship="20",
    )
    coordinator = coordinator_create(
        scope="20", first_name="Krystyna", last_name="Koordynatorska"
    )
    base = f"{live_server_url}/admin/wydarzenia"
    SHOTS.mkdir(parents=True, exist_ok=True)

    sign_in(page, coordinator)
    page.goto(f"{base}/")
    expect(page.get_by_role("link", name="Animator PZK w praktyce")).to_be_visible()
    expect(page.get_by_text("Szkolenie w Rzeszowie")).to_have_count(0)
    axe(page)
    page.screenshot(path=str(SHOTS / "desk-events-1280.png"), full_page=True)
    page.get_by_role("link", name="Animator PZK w praktyce").click()
    expect(page.get_by_text("Ewa Gołąb")).to_be_visible()
    axe(page)
    page.screenshot(path=str(SHOTS / "desk-1280.png"), full_page=True)

    # Approve one row straight from its button.
    page.get_by_role("button", name="Zatwierdź: Ewa Gołąb").click()
    expect(page.get_by_text("Zatwierdzono 1 zgłoszenie.")).to_be_visible()
    axe(page)

    # Reject another with a reason: a summary first, nothing changed yet.
    page.get_by_label("Zaznacz: Jan Źrebiec").check()
    page.get_by_role("button", name="Odrzuć zaznaczone").click()
    expect(page.get_by_role("heading", name="Odrzucenie zgłoszeń")).to_be_visible()
    expect(page.get_by_text("Jan Źrebiec", exact=False)).to_be_visible()
    axe(page)
    page.screenshot(path=str(SHOTS / "desk-reject-1280.png"), full_page=True)
    assert Registration.objects.get(user=jan).status == "pending"
    page.get_by_role("button", name="Odrzuć zgłoszenia").click()
    expect(page.get_by_text("Podaj uzasadnienie.")).to_be_visible()
    axe(page)
    page.get_by_label("Uzasadnienie (trafi do uczestników)").fill(
        "Szkolenie jest dla członków PZK z powiatu białostockiego."
    )
    page.get_by_role("button", name="Odrzuć zgłoszenia").click()
    expect(page.get_by_text("Odrzucono 1 zgłoszenie.")).to_be_visible()
    axe(page)

    # A walk-in: found by the start of the address, picked, with needs.
    page.get_by_role("link", name="Dopisz osobę").click()
    axe(page)
    page.get_by_label("osobiście, na miejscu").check()
    page.get_by_label("Adres e-mail").fill("piotr.zak")
    page.get_by_role("button", name="Szukaj konta").click()
    page.get_by_role(
        "button", name="Wybierz: piotr.zak@gops-wasilkow.example.pl"
    ).click()
    expect(page.get_by_label("Adres e-mail")).to_have_value(
        "piotr.zak@gops-wasilkow.example.pl"
    )
    axe(page)
    page.screenshot(path=str(SHOTS / "desk-add-1280.png"), full_page=True)
    page.get_by_label("Dieta").select_option("vegetarian")
    page.get_by_label("Potrzeby związane z dostępnością").fill("pętla indukcyjna")
    page.get_by_role("button", name="Dopisz", exact=True).click()
    expect(page.get_by_text("Dopisano: Piotr Żak (potwierdzone).")).to_be_visible()
    axe(page)
    added = Registration.objects.get(user=walk_in)
    assert (added.status, added.diet, added.added_by_id) == (
        "confirmed",
        "vegetarian",
        coordinator.pk,
    )

    # The capacity: below what is taken is refused in Polish, then raised.
    page.get_by_role("link", name="Zmień liczbę miejsc").click()
    axe(page)
    page.get_by_label("Nowa liczba miejsc").fill("1")
    page.get_by_label("Powód zmiany (zapisany w historii)").fill("Mniejsza sala.")
    page.get_by_role("button", name="Zapisz liczbę miejsc").click()
    expect(page.get_by_text("Nie można zmniejszyć liczby miejsc do 1")).to_be_visible()
    axe(page)
    page.screenshot(path=str(SHOTS / "desk-capacity-1280.png"), full_page=True)
    assert not EventState.objects.filter(capacity_override__isnull=False).exists()
    page.get_by_label("Nowa liczba miejsc").fill("25")
    page.get_by_label("Powód zmiany (zapisany w historii)").fill(
        "Większa sala w hotelu."
    )
    page.get_by_role("button", name="Zapisz liczbę miejsc").click()
    expect(page.get_by_text("Liczba miejsc: 25.")).to_be_visible()
    axe(page)
    assert EventState.objects.get(event=event).capacity_override == 25

    page.screenshot(path=str(SHOTS / "desk-after-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    axe(page)
    page.screenshot(path=str(SHOTS / "desk-320.png"), full_page=True)

    # The export the coordinator downloads is formula-safe.
    import io

    from openpyxl import load_workbook

    response = page.context.request.get(f"{base}/{event.pk}/?export=xlsx")
    assert response.ok
    sheet = load_workbook(io.BytesIO(response.body())).active
    assert "'=GOPS Supraśl" in [c.value for c in sheet["D"]]

    # Leave the admin before teardown so no request is still running.
    page.goto("about:blank")
