"""Journeys through the programme: a PZK animator registers two team members
for a training on the team's places; a member books a coaching session and
sees their learning path. Every page passes axe; the team and paths pages
are captured at 1280 and 320 px (var/screenshots/)."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.fixture
def korycin(live_server_url, home_page):
    from wagtail.models import Locale

    from events.models import Registration  # noqa: F401 - app loaded
    from programme.tests.factories import (
        animator_make,
        event_create,
        member_add,
        path_create,
        places_create,
        session_create,
        team_create,
    )

    Locale.objects.get_or_create(language_code="pl")
    team = team_create()
    animator = animator_make(team)
    beata = member_add(team, first_name="Beata", last_name="Wróblewska")
    cezary = member_add(team, first_name="Cezary", last_name="Łapiński")
    member_add(team, first_name="Dorota", last_name="Żukowska")
    event = event_create(
        organiser="20", title="Szkolenie dwudniowe: animator PZK w praktyce"
    )
    places_create(team, event, places=2)
    session = session_create(
        capacity=1,
        title="Plan pracy zespołu",
        starts_in=datetime.timedelta(days=4),
    )
    path = path_create(
        title="Ścieżka członka PZK",
        components=[
            {"kind": "event", "event_kind": "training2"},
            {"kind": "support", "support_kind": "coaching", "support_hours": 2},
            {
                "kind": "event",
                "event_kind": "exchange",
                "label": "Wizyta studyjna",
                "required": False,
            },
        ],
        min_optional=1,
    )
    from programme.services import path_team_join

    path_team_join(actor=animator, path=path, team=team)
    return {
        "team": team,
        "animator": animator,
        "members": (beata, cezary),
        "event": event,
        "session": session,
    }


def test_animator_registers_two_members_and_a_member_books_coaching(
    page, sign_in, live_server_url, korycin, axe
):
    from events.models import Registration
    from programme.models import SupportBooking

    beata, cezary = korycin["members"]
    sign_in(page, korycin["animator"])
    page.goto(f"{live_server_url}/moje/")
    axe(page)
    page.get_by_role("link", name="Mój zespół (PZK)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PZK Gminy Korycin")
    axe(page)
    page.get_by_label("Beata Wróblewska").check()
    page.get_by_label("Cezary Łapiński").check()
    page.get_by_role("button", name="Zapisz wybrane osoby").click()
    expect(page.get_by_text("Zapisano na wydarzenie")).to_be_visible()
    expect(page.get_by_text("zajęte: 2, wolne: 0")).to_be_visible()
    page.get_by_text("Postępy, zapisy i zaświadczenia").first.click()
    axe(page)
    _shoot(page, "moje-zespol")
    assert set(
        Registration.objects.filter(event=korycin["event"]).values_list(
            "user_id", flat=True
        )
    ) == {beata.pk, cezary.pk}

    sign_in(page, beata)
    page.goto(f"{live_server_url}/moje/wsparcie/")
    axe(page)
    page.get_by_role(
        "button", name=re.compile(r"^Zarezerwuj\s*: Plan pracy zespołu")
    ).click()
    expect(page.get_by_text("Zarezerwowano miejsce")).to_be_visible()
    axe(page)
    assert SupportBooking.objects.filter(
        user=beata, session=korycin["session"]
    ).exists()

    sign_in(page, cezary)
    page.goto(f"{live_server_url}/moje/wsparcie/")
    expect(page.get_by_text("Brak wolnych miejsc.")).to_be_visible()
    page.get_by_role(
        "button", name=re.compile(r"^Zarezerwuj\s*: Plan pracy zespołu")
    ).click()
    expect(page.get_by_text("Wszystkie miejsca na tej sesji są zajęte")).to_be_visible()
    axe(page)
    assert not SupportBooking.objects.filter(user=cezary).exists()

    sign_in(page, beata)
    page.goto(f"{live_server_url}/moje/sciezki/")
    expect(page.get_by_role("heading", name="Ścieżka członka PZK")).to_be_visible()
    expect(page.get_by_text("Co dalej")).to_be_visible()
    axe(page)
    _shoot(page, "moje-sciezki")


def test_coordinator_sees_the_team_and_the_path_progress_in_the_admin(
    page, sign_in, live_server_url, korycin, axe
):
    from programme.models import LearningPath
    from programme.tests.factories import coordinator_create

    coordinator = coordinator_create(
        scope="20", first_name="Adam", last_name="Sokołowski"
    )
    team, path = korycin["team"], LearningPath.objects.get()
    sign_in(page, coordinator)
    page.goto(f"{live_server_url}/admin/programme/zespoly/")
    expect(page.get_by_role("link", name="PZK Gminy Korycin")).to_be_visible()
    axe(page)
    page.goto(f"{live_server_url}/admin/programme/zespoly/{team.pk}/")
    expect(
        page.get_by_role("cell", name=re.compile("^Beata Wróblewska"))
    ).to_be_visible()
    axe(page)
    _shoot(page, "admin-zespol")
    page.goto(f"{live_server_url}/admin/programme/sciezki/{path.pk}/postepy/")
    expect(page.get_by_role("link", name="PZK Gminy Korycin")).to_be_visible()
    axe(page)
    _shoot(page, "admin-sciezka")
