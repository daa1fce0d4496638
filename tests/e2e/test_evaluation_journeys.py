"""Journeys through evaluation: a participant takes the pre-test and the
post-test on a 320 px phone and answers the anonymous survey; the
coordinator reads the results with charts. Every page passes axe."""

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("EVALUATION_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _evaluated_event():
    from courses.tests.factories import course_create, quiz_of
    from evaluation import services
    from evaluation.tests.factories import (
        OUTCOMES,
        confirmed,
        coordinator_create,
        past_event,
    )

    course = course_create(organiser="20")
    bank = quiz_of(course)
    coordinator = coordinator_create(
        scope="20", first_name="Krystyna", last_name="Koordynatorska"
    )
    event = past_event(organiser="20", title="Szkolenie: diagnoza rodziny w gminie")
    services.outcomes_save(
        actor=coordinator, source_kind="event", source_id=event.pk, outcomes=OUTCOMES
    )
    services.plan_settings_update(
        actor=coordinator,
        source_kind="event",
        source_id=event.pk,
        question_bank_id=bank.pk,
        post_test_required=False,
        certificate_requires_assessment=False,
    )
    survey = services.survey_ensure(
        actor=coordinator, source_kind="event", source_id=event.pk
    )
    person = confirmed(event)
    return event, bank, survey, person, coordinator


def test_participant_on_a_320px_phone_takes_tests_and_survey_coordinator_sees_results(
    phone_page, page, live_server_url, home_page, sign_in, axe
):
    from evaluation.models import SurveyRespondents, TestResult

    event, bank, survey, person, coordinator = _evaluated_event()
    phone = phone_page
    phone.set_viewport_size({"width": 320, "height": 700})
    sign_in(phone, person)

    # The event page shows the outcomes and leads to the tests and survey.
    phone.goto(f"{live_server_url}{event.url}")
    expect(
        phone.get_by_role("heading", name="Efekty uczenia się i ich weryfikacja")
    ).to_be_visible()
    axe(phone)
    _shot(phone, "event-page-320")
    phone.get_by_role("link", name="Test przed zajęciami").click()
    expect(phone.get_by_role("heading", name="Test przed zajęciami")).to_be_visible()
    axe(phone)
    _shot(phone, "pre-test-320")
    # No horizontal scrolling on a 320 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    phone.get_by_label("Gmina i powiat").check()
    phone.get_by_label("OPS").check()
    phone.get_by_role("button", name="Wyślij odpowiedzi").click()
    expect(phone.get_by_text("Twój wynik: 50%.")).to_be_visible()
    axe(phone)

    phone.goto(f"{live_server_url}/ewaluacja/event/{event.pk}/test/post/")
    phone.get_by_label("Gmina i powiat").check()
    phone.get_by_label("OPS").check()
    phone.get_by_label("PCPR").check()
    phone.get_by_role("button", name="Wyślij odpowiedzi").click()
    expect(phone.get_by_text("Twój wynik: 100%.")).to_be_visible()
    axe(phone)
    assert sorted(TestResult.objects.values_list("phase", "score")) == [
        ("post", 100),
        ("pre", 50),
    ]

    phone.goto(f"{live_server_url}/ewaluacja/ankieta/{survey.pk}/")
    axe(phone)
    _shot(phone, "survey-320")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    for question in survey.questions:
        if question["kind"] == "scale":
            phone.locator(f"#{question['key']}-5").check()
    phone.get_by_label("Co było dla Ciebie najbardziej wartościowe?").fill(
        "Praca na przypadkach z gmin."
    )
    phone.get_by_role("button", name="Wyślij ankietę").click()
    expect(phone.get_by_text("Dziękujemy za wypełnienie ankiety!")).to_be_visible()
    axe(phone)
    assert SurveyRespondents.objects.get(survey=survey).user_ids == [person.pk]

    sign_in(page, coordinator)
    page.goto(f"{live_server_url}/admin/ewaluacja/event/{event.pk}/")
    expect(page.get_by_text("Odpowiedzi: 1 z 1 (100%)")).to_be_visible()
    axe(page)
    _shot(page, "source-1280")
    page.get_by_role("link", name="Wyniki i wykresy").click()
    expect(
        page.get_by_role("heading", name="Wyniki testu przed i po zajęciach")
    ).to_be_visible()
    expect(page.get_by_text("Praca na przypadkach z gmin.")).to_be_visible()
    axe(page)
    _shot(page, "results-1280")
    page.set_viewport_size({"width": 320, "height": 700})
    axe(page)
    _shot(page, "results-320")
