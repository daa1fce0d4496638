"""Live Q&A, polls and the check-in board with several browsers side by side:
a question asked in one appears in the moderator's view at once, is approved,
shows on the projector, is upvoted and moves up; a poll is voted on and its
result moves; a check-in on one phone moves the board on another screen."""

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_page(browser, page, live_server_url, sign_in):
    """``open_page(user, path)``: a new browser (context) signed in as
    ``user`` on ``path``; all closed after the test. (``page`` is requested
    so the harness has Playwright's loop ready in this test.)"""
    contexts = []

    def make(user, path, **options):
        context = browser.new_context(locale="pl-PL", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        sign_in(context, user)
        page = context.new_page()
        page.goto(f"{live_server_url}{path}")
        return page

    yield make
    for context in contexts:
        context.close()


def live(page):
    """Wait until the page's socket is open and its snapshot applied."""
    # The room's or the board's own socket (the body carries the state of
    # the notification socket).
    expect(page.locator("[data-qa-room], [data-checkin-board]")).to_have_attribute(
        "data-live-state", "open"
    )


@pytest.fixture
def conference(home_page):
    from django.utils import timezone

    from events.tests.qa_factories import (
        coordinator_create,
        event_create,
        registration_confirmed,
        user_create,
    )

    event = event_create(
        kind="conference",
        title="Konferencja: kooperacja w gminie",
        first_day=timezone.localdate(),
        days=1,
    )
    ewa = user_create(first_name="Ewa", last_name="Gołąb")
    jan = user_create(first_name="Jan", last_name="Świątek")
    for user in (ewa, jan):
        registration_confirmed(event=event, user=user, institution_name="GOPS Zagórz")
    return {
        "event": event,
        "ewa": ewa,
        "jan": jan,
        "coordinator": coordinator_create(scope="18", first_name="Krystyna"),
    }


def question_items(page, list_kind="approved"):
    return page.locator(f"[data-question-list='{list_kind}'] > li")


def test_question_travels_from_participant_to_moderator_projector_and_up_the_list(
    open_page, live_server_url, conference, axe
):
    from events.qa.models import QARoom

    event = conference["event"]
    room = QARoom.objects.create(
        event=event,
        day=event.ordered_days[0],
        title="Sesja plenarna",
        premoderation=True,
    )
    base = f"/na-zywo/{room.pk}/"

    moderator = open_page(conference["coordinator"], f"{base}moderacja/")
    live(moderator)
    axe(moderator)
    ewa = open_page(conference["ewa"], base)
    live(ewa)
    axe(ewa)
    projector = open_page(conference["coordinator"], f"{base}rzutnik/")
    live(projector)
    axe(projector)
    expect(projector.get_by_text("Czekamy na pytania.")).to_be_visible()

    # Ewa asks; with pre-moderation it waits for the moderator, shown as
    # text (the markup in it is not markup on any page).
    question = "Jak finansować <b>PZK</b> po 2021 roku?"
    ewa.get_by_label("Twoje pytanie").fill(question)
    ewa.get_by_role("button", name="Wyślij pytanie").click()
    expect(ewa.get_by_text("pojawi się po akceptacji moderatora")).to_be_visible()
    held = question_items(moderator, "held")
    expect(held).to_have_count(1)
    expect(held.first).to_contain_text(question)
    assert moderator.locator("[data-question-list] b").count() == 0
    expect(question_items(projector)).to_have_count(0)
    expect(question_items(ewa)).to_have_count(0)
    axe(moderator)

    # Approved: on the projector and on Ewa's page at once.
    moderator.get_by_role("button", name=re.compile(r"^Pokaż: Jak finansować")).click()
    expect(question_items(projector)).to_have_count(1)
    expect(question_items(projector).first).to_contain_text(question)
    expect(question_items(ewa).first).to_contain_text(question)
    expect(held).to_have_count(0)
    axe(projector)

    # Jan asks a second one, approved too: it is below the first.
    jan = open_page(conference["jan"], base)
    live(jan)
    jan.get_by_label("Twoje pytanie").fill("Kto prowadzi rejestr zaświadczeń?")
    jan.get_by_role("button", name="Wyślij pytanie").click()
    moderator.get_by_role("button", name=re.compile(r"^Pokaż: Kto prowadzi")).click()
    expect(question_items(projector)).to_have_count(2)
    expect(question_items(projector).nth(1)).to_contain_text("Kto prowadzi")

    # Ewa upvotes Jan's question: it moves to the top everywhere.
    vote = ewa.get_by_role("button", name=re.compile(r"^Głosuję: Kto prowadzi"))
    vote.click()
    expect(question_items(projector).first).to_contain_text("Kto prowadzi")
    expect(question_items(projector).first).to_contain_text("1 głosy")
    expect(question_items(moderator).first).to_contain_text("Kto prowadzi")
    expect(
        ewa.get_by_role("button", name=re.compile(r"^Zagłosowano: Kto prowadzi"))
    ).to_be_disabled()
    # Her own question has no vote button.
    expect(ewa.get_by_role("button", name=re.compile(r"Jak finansować"))).to_have_count(
        0
    )
    axe(ewa)

    # Pinned by the moderator: first again.
    moderator.get_by_role(
        "button", name=re.compile(r"^Przypnij: Jak finansować")
    ).click()
    expect(question_items(projector).first).to_contain_text("Jak finansować")
    expect(question_items(projector).first).to_contain_text("Przypięte")
    axe(moderator)

    # Reloading shows the same state: order, Ewa's vote.
    ewa.reload()
    live(ewa)
    expect(question_items(ewa).first).to_contain_text("Jak finansować")
    expect(
        ewa.get_by_role("button", name=re.compile(r"^Zagłosowano: Kto prowadzi"))
    ).to_be_disabled()
    axe(ewa)


def test_poll_results_move_as_people_vote(open_page, conference, axe):
    from events.qa.models import QARoom

    event = conference["event"]
    room = QARoom.objects.create(
        event=event, day=event.ordered_days[0], title="Sesja warsztatowa"
    )
    base = f"/na-zywo/{room.pk}/"
    moderator = open_page(conference["coordinator"], f"{base}moderacja/")
    ewa = open_page(conference["ewa"], base)
    projector = open_page(conference["coordinator"], f"{base}rzutnik/")
    for page in (moderator, ewa, projector):
        live(page)

    moderator.get_by_label("Pytanie ankiety").fill("Czy w Twojej gminie działa PZK?")
    moderator.get_by_label(re.compile(r"^Odpowiedzi")).fill("Tak\nNie\nNie wiem")
    moderator.get_by_role("button", name="Otwórz ankietę").click()

    poll = ewa.locator("[data-poll-list] article")
    expect(poll).to_contain_text("Czy w Twojej gminie działa PZK?")
    axe(ewa)
    projector_results = projector.locator("[data-poll-list] [data-option-votes]")
    expect(projector_results).to_have_count(3)

    ewa.get_by_role("button", name="Oddaj głos: Tak").click()
    expect(projector_results.first).to_have_attribute("data-option-votes", "1")
    expect(projector_results.first).to_contain_text("100%")
    expect(ewa.get_by_text("Tak (Twój głos)")).to_be_visible()
    expect(ewa.get_by_role("button", name=re.compile(r"^Oddaj głos"))).to_have_count(0)

    jan = open_page(conference["jan"], base)
    live(jan)
    jan.get_by_role("button", name="Oddaj głos: Nie", exact=True).click()
    expect(projector_results.nth(1)).to_have_attribute("data-option-votes", "1")
    expect(ewa.locator("[data-option-votes]").first).to_contain_text("50%")
    axe(projector)

    moderator.get_by_role("button", name="Zamknij ankietę").click()
    expect(ewa.get_by_text(re.compile("Głosowanie zamknięte"))).to_be_visible()
    # The projector shows open polls only.
    expect(projector.locator("[data-poll-list] article")).to_have_count(0)
    axe(moderator)

    ewa.reload()
    live(ewa)
    expect(ewa.get_by_text("Tak (Twój głos)")).to_be_visible()
    expect(ewa.get_by_text(re.compile("Głosowanie zamknięte"))).to_be_visible()


def test_check_in_on_a_phone_moves_the_board_on_another_screen(
    open_page, conference, run_on_server, axe
):
    from events.models import Registration
    from events.services import checkin

    event = conference["event"]
    day = event.ordered_days[0]
    coordinator = conference["coordinator"]
    board = open_page(coordinator, f"/koordynator/obecnosc/{day.pk}/tablica/")
    live(board)
    axe(board)
    present = board.locator("[data-board-present]")
    expected = board.locator("[data-board-expected] > li")
    arrivals = board.locator("[data-board-arrivals] > li")
    expect(present).to_have_text("0")
    expect(expected).to_have_count(2)

    phone = open_page(
        coordinator,
        f"/koordynator/obecnosc/{day.pk}/",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    axe(phone)
    phone.get_by_role("button", name=re.compile(r"^Obecny\s*:\s*Ewa Gołąb")).click()
    expect(phone.get_by_text("Obecność: Ewa Gołąb")).to_be_visible()

    expect(present).to_have_text("1")
    expect(arrivals.first).to_contain_text("Ewa Gołąb")
    expect(expected).to_have_count(1)
    expect(expected.first).to_contain_text("Jan Świątek")
    axe(board)

    # A second coordinator's phone (a service call on the server here).
    registration = Registration.objects.get(user=conference["jan"])
    started = time.monotonic()
    run_on_server(checkin, day=day, actor=coordinator, registration=registration)
    expect(present).to_have_text("2")
    assert time.monotonic() - started < 5
    expect(arrivals.first).to_contain_text("Jan Świątek")
    expect(board.get_by_text("Nikt.")).to_be_visible()

    # Reloading the board gives the same picture.
    board.reload()
    live(board)
    expect(present).to_have_text("2")
    expect(arrivals).to_have_count(2)
    axe(board)


def test_refused_question_stays_in_the_field_with_the_reason(
    open_page, conference, settings, axe
):
    from events.qa.models import QARoom, Question

    settings.EVENTS_QA_RATE_LIMIT = (1, 60)
    event = conference["event"]
    room = QARoom.objects.create(
        event=event, day=event.ordered_days[0], title="Sesja popołudniowa"
    )
    ewa = open_page(conference["ewa"], f"/na-zywo/{room.pk}/")
    live(ewa)
    field = ewa.get_by_label("Twoje pytanie")
    field.fill("Pierwsze pytanie Ewy")
    ewa.get_by_role("button", name="Wyślij pytanie").click()
    expect(question_items(ewa)).to_have_count(1)
    expect(field).to_have_value("")

    # One question a minute here: the second is refused and not lost.
    field.fill("Drugie pytanie Ewy")
    ewa.get_by_role("button", name="Wyślij pytanie").click()
    expect(ewa.get_by_text("Za dużo pytań naraz")).to_be_visible()
    expect(field).to_have_value("Drugie pytanie Ewy")
    assert Question.objects.filter(room=room).count() == 1
    axe(ewa)
