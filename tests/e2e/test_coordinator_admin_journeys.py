"""A voivodeship's coordinator runs their events in the Wagtail admin: creates
a two-day training from scratch, publishes it, sees it public; another
voivodeship's events stay out of reach. Autosave never traps the first save."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = "/tmp/permshots"
# The admin's editor pages are heavy: a first load on a busy machine takes
# longer than the harness' default wait.
ADMIN_TIMEOUT_MS = 60_000


def _coordinator(scope: str, email: str):
    from szkola.live.tests.factories import user_create

    from szkola.accounts.services import role_set

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


def _event(index, *, organiser: str, title: str):
    from events.tests.factories import event_create

    return event_create(parent=index, organiser=organiser, title=title)


def test_autosave_never_traps_the_first_save(
    page, live_server_url, sign_in, events_index, axe
):
    coordinator = _coordinator("20", "koordynator.podlaskie@rops.example.pl")
    sign_in(page, coordinator)
    page.set_default_timeout(ADMIN_TIMEOUT_MS)
    page.goto(f"{live_server_url}/admin/pages/add/events/eventpage/{events_index.pk}/")
    page.locator("#id_title").fill("Szkolenie w Łomży")
    # Let autosave run on the title alone.
    page.wait_for_timeout(3000)
    page.locator("button.action-save").first.click()
    page.wait_for_load_state("load")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/autosave.png", full_page=True)
    content = page.content()
    assert "jest już używany" not in content and "already in use" not in content
