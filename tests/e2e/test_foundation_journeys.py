"""Journeys through the foundation: public pages, sign-up, live notifications."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_reads_home_page_and_accessibility_declaration(
    page, live_server_url, home_page, axe
):
    from szkola.home.models import StandardPage

    home_page.add_child(
        instance=StandardPage(
            title="Deklaracja dostępności",
            slug="deklaracja-dostepnosci",
            lead="Serwis stara się zapewnić dostępność.",
            live=True,
        )
    )

    page.goto(f"{live_server_url}/")
    axe(page)
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    # The marks are images named by their alt text; EU rules fix their order.
    marks = page.get_by_role("contentinfo").get_by_role("listitem").get_by_role("img")
    expect(marks).to_have_count(3)
    alts = [marks.nth(i).get_attribute("alt") for i in range(3)]
    assert alts[0].startswith("Fundusze Europejskie")
    assert alts[1].startswith("Rzeczpospolita Polska")
    assert alts[2].startswith("Unia Europejska")
    for i in range(3):
        expect(marks.nth(i)).to_be_visible()

    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Deklaracja dostępności").click()
    expect(page).to_have_url(f"{live_server_url}/deklaracja-dostepnosci/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deklaracja dostępności")
    axe(page)


def _confirmation_link(outbox, email: str) -> str:
    [message] = [m for m in outbox if email in m.to]
    match = re.search(r"https?://\S+/konto/confirm-email/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_new_user_signs_up_confirms_and_completes_profile(
    page, live_server_url, home_page, axe, outbox, login
):
    email = "joanna.kowalska@gops-przykladowo.pl"
    password = "Wspolpraca-2026!"

    page.goto(f"{live_server_url}/konto/signup/")
    axe(page)
    page.get_by_label(re.compile(r"^\s*e-?mail", re.I)).fill(email)
    page.get_by_label("Imię").fill("Joanna")
    page.get_by_label("Nazwisko").fill("Kowalsko")  # corrected later
    page.get_by_label("Nazwa instytucji").fill("Gminny Ośrodek Pomocy Społecznej")
    page.get_by_label("Sektor instytucji").select_option(value="ops")
    page.get_by_label("Stanowisko").fill("pracownica socjalna")
    page.get_by_label("Gmina").fill("Krasne")
    page.get_by_label("Powiat").fill("rzeszowski")
    page.get_by_label("Województwo").select_option(value="18")
    page.get_by_label("Partnerski Zespół Kooperacji", exact=False).fill("PZK Krasne")
    page.get_by_label(re.compile(r"przetwarzani\w+ danych", re.I)).check()
    page.get_by_label(re.compile(r"^\s*hasło\s*:?\s*$", re.I)).fill(password)
    page.get_by_label(re.compile(r"^\s*hasło \(ponownie\)", re.I)).fill(password)
    page.get_by_role("button", name=re.compile(r"zarejestruj", re.I)).click()

    page.wait_for_url(lambda url: "/konto/signup/" not in url)
    axe(page)

    page.goto(
        _confirmation_link(outbox, email).replace("http://testserver", live_server_url)
    )
    axe(page)
    page.get_by_role("button", name=re.compile(r"potwierdź", re.I)).click()
    page.wait_for_url(lambda url: "/konto/confirm-email/" not in url)
    axe(page)

    # Sign in as the person would on another day, in a fresh session.
    page.context.clear_cookies()
    login(page, live_server_url, email, password)
    expect(page).not_to_have_url(re.compile(r"/konto/"))
    axe(page)

    page.goto(f"{live_server_url}/moje/dane/")
    axe(page)
    last_name = page.get_by_label("Nazwisko")
    expect(last_name).to_have_value("Kowalsko")
    expect(page.get_by_label("Gmina")).to_have_value("Krasne")
    last_name.fill("Kowalska")
    page.get_by_label("Stanowisko").fill("starsza pracownica socjalna")
    page.get_by_role("button", name=re.compile(r"zapisz", re.I)).click()
    page.wait_for_load_state("load")
    axe(page)

    page.goto(f"{live_server_url}/moje/")
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Joanna")
    expect(page.get_by_text("Joanna Kowalska")).to_be_visible()


def test_notification_badge_updates_live(
    page, live_server_url, home_page, axe, login, run_on_server
):
    from szkola.live.services import notify
    from szkola.live.tests.factories import notification_create, user_create

    password = "Powiadomienia-2026!"
    user = user_create(email="marek.wisniewski@pcpr-przyklad.pl", password=password)
    notification_create(user=user, title="Starsze powiadomienie", read=True)
    login(page, live_server_url, user.email, password)

    page.goto(f"{live_server_url}/moje/powiadomienia/")
    axe(page)
    badge = page.get_by_role("banner").locator("[data-unread-badge]")
    expect(badge).to_have_text("")
    expect(page.locator("body")).to_have_attribute("data-live-state", "open")

    run_on_server(
        notify,
        user,
        title="Zaproszenie na spotkanie PZK",
        body="Spotkanie odbędzie się w czwartek.",
        url="/wydarzenia/",
    )

    expect(badge).to_have_text("1")
    new_item = page.get_by_role("listitem").filter(
        has_text="Zaproszenie na spotkanie PZK"
    )
    expect(new_item).to_be_visible()
    expect(
        new_item.get_by_role("link", name="Zaproszenie na spotkanie PZK")
    ).to_have_attribute("href", "/wydarzenia/")
    expect(page.get_by_text("Spotkanie odbędzie się w czwartek.")).to_be_visible()
    axe(page)

    # After a reload the stored list shows it too, and it can be marked read.
    page.reload()
    expect(badge).to_have_text("1")
    expect(page.get_by_text("Zaproszenie na spotkanie PZK")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Oznacz wszystkie jako przeczytane").click()
    expect(page.get_by_text("Oznaczono jako przeczytane.")).to_be_visible()
    expect(badge).to_have_text("")
    axe(page)


def test_page_catches_up_after_a_dropped_connection(
    page, live_server_url, home_page, axe, login, run_on_server
):
    from szkola.live.services import notify
    from szkola.live.tests.factories import user_create

    password = "Powiadomienia-2026!"
    user = user_create(email="ewa.zielinska@ops-przyklad.pl", password=password)
    connections = []

    def pass_through(route):
        route.connect_to_server()
        connections.append(route)

    page.route_web_socket(re.compile(r"/ws/powiadomienia/$"), pass_through)
    login(page, live_server_url, user.email, password)
    page.goto(f"{live_server_url}/moje/powiadomienia/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-live-state", "open")
    axe(page)

    # The network drops; meanwhile a notification is stored, and its push
    # reaches no open socket of this page.
    connections[-1].close(code=1012, reason="restart")
    expect(body).to_have_attribute("data-live-state", "reconnecting")
    run_on_server(notify, user, title="Wysłane w trakcie przerwy")

    # The page reconnects by itself and re-syncs from the stored state.
    expect(body).to_have_attribute("data-live-state", "open", timeout=10_000)
    assert len(connections) >= 2
    badge = page.get_by_role("banner").locator("[data-unread-badge]")
    expect(badge).to_have_text("1")
    items = page.get_by_role("listitem").filter(has_text="Wysłane w trakcie przerwy")
    expect(items).to_have_count(1)
    axe(page)


def test_home_page_fits_a_phone_screen(phone_page, live_server_url, home_page, axe):
    phone_page.goto(f"{live_server_url}/")
    axe(phone_page)
    # WCAG 1.4.10 (reflow): no sideways scrolling at 390 CSS pixels.
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(phone_page.get_by_role("link", name="Przejdź do treści")).to_be_attached()


def test_participant_takes_their_data_and_deletes_the_account(
    page, live_server_url, home_page, axe, login
):
    from szkola.accounts.models import User
    from szkola.accounts.tests.factories import PASSWORD, user_create

    user = user_create(email="do.usuniecia@gops-przykladowo.pl")
    login(page, live_server_url, user.email, PASSWORD)

    page.goto(f"{live_server_url}/moje/")
    page.get_by_role("link", name="Usuń konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Usuń konto")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz moje dane (JSON)").click()
    assert download.value.suggested_filename == "moje-dane.json"

    page.get_by_label("Obecne hasło").fill("nie-to-haslo")
    page.get_by_label(re.compile(r"^Rozumiem")).check()
    page.get_by_role("button", name="Usuń konto na stałe").click()
    expect(page.get_by_text("Hasło jest nieprawidłowe.", exact=True)).to_be_visible()
    axe(page)

    page.get_by_label("Obecne hasło").fill(PASSWORD)
    page.get_by_label(re.compile(r"^Rozumiem")).check()
    page.get_by_role("button", name="Usuń konto na stałe").click()
    expect(page).to_have_url(f"{live_server_url}/")
    expect(page.get_by_text("Twoje konto i dane zostały usunięte.")).to_be_visible()
    axe(page)
    assert not User.objects.filter(email=user.email).exists()
