"""Bulk certificate issue, watched live: the progress bar moves step by step
while the worker draws certificates, and the end shows who was issued and who
was skipped with the reason."""

import pytest
import test_certificates_journeys as certificate_journeys
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RECORD_BAR = """
() => {
  window.__barValues = [];
  const bar = document.querySelector("#bulk-progress-bar");
  new MutationObserver(() => window.__barValues.push(Number(bar.value)))
    .observe(bar, {attributes: true});
  // Setting .value from script does not always touch the attribute: watch
  // the property too.
  let last = bar.value;
  (function tick() {
    if (bar.value !== last) { last = bar.value; window.__barValues.push(last); }
    requestAnimationFrame(tick);
  })();
}
"""


def test_bulk_issue_progress_moves_live_and_ends_with_reasons(
    page,
    sign_in,
    live_server_url,
    wagtail_locale,
    home_page,
    certificate_settings,
    axe,
    run_on_server,
):
    from certificates.models import BulkIssue
    from certificates.services import bulk_issue_run, completion_record
    from szkola.accounts.models import User

    coordinator = certificate_journeys.podkarpackie_coordinator(
        "koordynatorka@rops.example.org"
    )
    source = {
        "kind": "event",
        "id": 777,
        "title": "Konferencja: kooperacja w gminie",
        "hours": "6.0",
        "date_from": "2021-03-10",
        "place": "Rzeszów",
        "organiser": "18",
        "programme": [],
        "language": "pl",
    }
    for n in range(24):
        user = User.objects.create_user(
            email=f"osoba{n}@gops.example.org", first_name="Jan", last_name=f"K{n}"
        )
        completion_record(user_id=user.pk, source=source)
    nameless = User.objects.create_user(email="bez.nazwiska@gops.example.org")
    completion_record(user_id=nameless.pk, source=source)
    run = BulkIssue.objects.create(
        source_kind="event",
        source_id=777,
        source_title=source["title"],
        requested_by=coordinator,
        total=25,
    )

    sign_in(page, coordinator)
    page.goto(f"{live_server_url}/admin/certyfikaty/narzedzia/zbiorczo/{run.pk}/")
    box = page.locator("[data-bulk-status-url]")
    expect(box).to_have_attribute("data-live-state", "open")
    expect(page.get_by_text("Przetworzono 0 z 25")).to_be_visible()
    axe(page)
    page.evaluate(RECORD_BAR)

    # The worker's part, on the server: each step is pushed to the page.
    run_on_server(bulk_issue_run, bulk_id=run.pk)

    expect(
        page.get_by_text("Przetworzono 25 z 25, wydano 24, pominięto 1.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Przejdź do rejestru")).to_be_visible()
    skipped = page.get_by_role("region", name="Pominięci i powód")
    expect(skipped.get_by_role("listitem")).to_have_count(1)
    expect(skipped).to_contain_text("bez.nazwiska@gops.example.org")
    expect(skipped).to_contain_text("nie ma imienia i nazwiska")
    values = page.evaluate("window.__barValues")
    # It moved through the steps, not straight from empty to full.
    assert 10 in values and 20 in values, values
    assert values[-1] == 25
    axe(page)
    page.goto("about:blank")
