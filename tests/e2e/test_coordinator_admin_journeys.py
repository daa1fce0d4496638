"""A voivodeship's coordinator runs their events in the Wagtail admin: creates
a two-day training from scratch, publishes it, sees it public; another
voivodeship's events stay out of reach. Autosave never traps the first save."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = ""  # a directory path keeps screenshots of each step
# The admin's editor pages are heavy: a first load on a busy machine takes
# longer than the harness' default wait.
ADMIN_TIMEOUT_MS = 60_000


def _coordinator(scope: str, email: str):
    from szkola.accounts.services import role_set
    from szkola.live.tests.factories import user_create

    user = user_create(email=email)
    role_set(user=user, is_trainer=False, coordinator_scope=scope)
    return user


@pytest.fixture
def events_index(home_page):
    from events.models import EventIndexPage

    index = EventIndexPage(title="Szkolenia", slug="szkolenia")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _open_editor(page, url: str) -> None:
    """Opens a Wagtail editor and waits until it watches for edits: Wagtail
    takes the form's starting state two seconds after loading, and anything
    typed before then counts as the starting state (no autosave, no "unsaved
    changes"). A person does not type a whole form in two seconds; a browser
    test does, so it waits for the editor's own signal."""
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits',"
        " () => { window.editorWatching = true; });"
    )
    page.goto(url)
    page.wait_for_function("window.editorWatching === true")


def _fill_two_day_training(page, *, title: str) -> None:
    today = timezone.localdate()
    first = today + datetime.timedelta(days=30)
    page.locator("#id_title").fill(title)
    page.locator("#id_venue_name").fill("Hotel Branicki")
    page.locator("#id_city").fill("Łomża")
    page.locator("#id_registration_opens_at").fill(f"{today:%Y-%m-%d} 08:00")
    page.locator("#id_registration_closes_at").fill(
        f"{first - datetime.timedelta(days=5):%Y-%m-%d} 20:00"
    )
    for n, day in enumerate((first, first + datetime.timedelta(days=1))):
        if n:
            page.get_by_role("button", name="Dodaj dzień").click()
        page.locator(f"#id_days-{n}-date").fill(f"{day:%Y-%m-%d}")
        page.locator(f"#id_days-{n}-start").fill("09:00")
        page.locator(f"#id_days-{n}-end").fill("16:00")
        page.locator(f"#id_days-{n}-hours").fill("8.0")
    page.locator("#id_title").click()  # closes any date picker left open


@pytest.mark.parametrize("action", ["publish", "save"])
def test_autosave_never_traps_the_first_save(
    page, live_server_url, sign_in, events_index, action
):
    """Autosave has created the draft on the server, but the editor has not
    yet switched to editing it (a slow answer, a dropped connection) when the
    user saves or publishes: that submission still goes to the "create" URL
    and must land on the autosaved draft, not fail with "slug in use"."""
    from events.models import EventPage

    coordinator = _coordinator("20", "koordynator.podlaskie@rops.example.pl")
    sign_in(page, coordinator)
    page.set_default_timeout(ADMIN_TIMEOUT_MS)
    held = []

    def hold_autosave_answer(route):
        request = route.request
        if request.method == "POST" and "text/html" not in (
            request.headers.get("accept") or ""
        ):
            held.append((route, route.fetch()))  # the server has created it
            return
        route.continue_()

    page.route("**/admin/pages/add/**", hold_autosave_answer)
    _open_editor(
        page, f"{live_server_url}/admin/pages/add/events/eventpage/{events_index.pk}/"
    )
    _fill_two_day_training(page, title="Szkolenie w Łomży")
    page.locator("#id_venue_address").fill("ul. Długa 1, Łomża")
    for _attempt in range(120):
        if held:
            break
        page.wait_for_timeout(250)
    assert held, "autosave did not run"
    assert EventPage.objects.filter(title="Szkolenie w Łomży").count() == 1
    _shot(page, f"autosave-held-{action}")

    if action == "publish":
        page.locator("[data-w-dropdown-target='toggle']").last.click()
        page.locator("button[name='action-publish']").click()
    else:
        page.locator("button.action-save").first.click()
    page.wait_for_load_state("load")
    _shot(page, f"after-held-{action}")
    content = page.content()
    assert "jest już używany" not in content and "already in use" not in content
    pages = EventPage.objects.filter(title="Szkolenie w Łomży")
    assert pages.count() == 1
    assert pages.get().live == (action == "publish")
    for route, _response in held:
        route.abort()


def test_coordinator_creates_publishes_and_sees_a_training_but_not_anothers(
    page, live_server_url, sign_in, events_index, axe
):
    from events.models import EventPage
    from events.tests.factories import event_create

    podkarpackie = event_create(
        parent=events_index, organiser="18", title="Szkolenie w Rzeszowie"
    )
    coordinator = _coordinator("20", "koordynator.podlaskie@rops.example.pl")
    sign_in(page, coordinator)
    page.set_default_timeout(ADMIN_TIMEOUT_MS)

    # The event list in the explorer shows nothing of podkarpackie's.
    page.goto(f"{live_server_url}/admin/pages/{events_index.pk}/")
    # Wagtail's own "live" badge in the header (a link named by its tooltip,
    # not its text) fails label-content-name-mismatch; the rest is checked.
    axe(page, context={"exclude": [["a[data-w-tooltip-content-value]"]]})
    expect(page.get_by_role("link", name="Szkolenie w Rzeszowie")).to_have_count(0)

    # A two-day training from scratch; the organiser list offers podlaskie only.
    _open_editor(
        page, f"{live_server_url}/admin/pages/add/events/eventpage/{events_index.pk}/"
    )
    axe(page)
    # Asked for less motion, the editor does not scroll smoothly (WCAG 2.3.3).
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.content-wrapper')).scrollBehavior"
        )
        == "auto"
    )
    organisers = page.locator("#id_organiser option").all_inner_texts()
    assert organisers == ["podlaskie (ROPS Białystok)"]
    _fill_two_day_training(page, title="Szkolenie w Suwałkach")
    # Publish once autosave has settled, as the indicator tells the user.
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved", timeout=ADMIN_TIMEOUT_MS
    )
    page.wait_for_timeout(1000)
    _shot(page, "journey-filled")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    expect(page.get_by_role("link", name="Szkolenie w Suwałkach")).to_be_visible()
    _shot(page, "journey-published")
    created = EventPage.objects.get(title="Szkolenie w Suwałkach")
    assert created.live and created.organiser == "20"
    assert created.days.count() == 2

    # ...and it is public.
    page.goto(f"{live_server_url}{created.url}")
    axe(page)
    expect(page.get_by_role("heading", name="Szkolenie w Suwałkach")).to_be_visible()
    _shot(page, "journey-public")

    # podkarpackie's event: its editor and its delete page stay closed.
    for path in (f"{podkarpackie.pk}/edit/", f"{podkarpackie.pk}/delete/"):
        page.goto(f"{live_server_url}/admin/pages/{path}")
        expect(page.get_by_text("nie posiadasz uprawnień", exact=False)).to_be_visible()
        assert f"/admin/pages/{path}" not in page.url
    _shot(page, "journey-refused")
    podkarpackie.refresh_from_db()
    assert podkarpackie.live and podkarpackie.title == "Szkolenie w Rzeszowie"
    page.goto("about:blank")
