"""Journeys through online courses: a new participant finds a course, enrols,
reads every lesson, fails the quiz once (without being shown the correct
answers), passes it and lands on the course's completion page with the
certificate; outsiders cannot read a lesson by its address."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "Kooperacja-w-gminie-7"


@pytest.fixture
def course(home_page, certificate_settings):
    # Completing the course issues a certificate (a private PDF).
    from courses.models import CourseIndexPage
    from courses.tests.factories import course_create, lessons_of

    index = CourseIndexPage(title="Kursy", slug="kursy", intro="Kursy online.")
    home_page.add_child(instance=index)
    course = course_create(
        index=index,
        title="Model Kooperacji w praktyce gminy",
        topic="model",
        lessons_per_module=2,
    )
    second = lessons_of(course)[1]
    second.confirm_reading = True
    second.save_revision().publish()
    return course


@pytest.fixture
def participant(live_server_url):
    from courses.tests.factories import user_create

    user = user_create(
        email="ewa.kowalczyk@gops-krasne.pl", first_name="Ewa", last_name="Kowalczyk"
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def _answer(page, texts: list[str]) -> None:
    for text in texts:
        page.get_by_label(text, exact=True).check()


def test_new_participant_completes_a_course(
    page, live_server_url, axe, course, participant
):
    # Found before signing in, as a newcomer would; signing in returns to
    # the course.
    page.goto(f"{live_server_url}/kursy/")
    axe(page)
    page.get_by_label("Temat").select_option("model")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(r"temat=model"))
    axe(page)
    page.get_by_role("link", name="Model Kooperacji w praktyce gminy").click()
    course_url = page.url
    axe(page)
    page.locator(".course__enrol").get_by_role("link", name="Zaloguj się").click()
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    axe(page)
    page.get_by_label(re.compile(r"^\s*e-?mail", re.IGNORECASE)).fill(participant.email)
    page.get_by_label(re.compile(r"^\s*hasło", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*zaloguj", re.IGNORECASE)).click()
    expect(page).to_have_url(course_url)

    page.get_by_role("button", name="Zapisz się na kurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lekcja 1.1")
    expect(page.get_by_text("Tajna treść lekcji 1.1")).to_be_visible()
    axe(page)

    # With JavaScript the lesson is ticked without reloading the page.
    page.get_by_role("button", name="Oznacz lekcję jako ukończoną").click()
    expect(page.locator("[data-lesson-status]")).to_have_text("Lekcja ukończona.")
    expect(page.locator("[data-progress-percent]").first).to_have_text("33%")
    expect(page.locator(".course-outline__item.is-done")).to_have_text(
        re.compile(r"Lekcja 1\.1\s+✓ ukończono")
    )
    expect(page.locator("[data-progress-done]").first).to_have_text("1")
    axe(page)

    page.get_by_role("link", name=re.compile("Następna: Lekcja 1.2")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lekcja 1.2")
    axe(page)
    page.get_by_label("Potwierdzam").check()
    page.get_by_role("button", name="Oznacz lekcję jako ukończoną").click()
    expect(page.locator("[data-progress-percent]").first).to_have_text("66%")

    page.get_by_role("link", name=re.compile("Następna: Test końcowy")).click()
    expect(page).to_have_title(
        re.compile(r"Test końcowy — Model Kooperacji w praktyce gminy")
    )
    axe(page)
    page.get_by_role("button", name="Rozpocznij test").click()
    # Opening the quiz uses up no attempt; sending it does.
    expect(page.get_by_text("Pozostałe podejścia: 3.")).to_be_visible()
    axe(page)
    _answer(page, ["Tylko policja", "Biuro podróży"])
    page.get_by_role("button", name="Wyślij odpowiedzi").click()
    expect(page.get_by_role("status")).to_contain_text("Nie zaliczono")
    expect(page.get_by_role("status")).to_contain_text("Pozostałe podejścia: 2.")
    # Attempts are left: the correct answers are not given away.
    expect(
        page.get_by_text("Poprawne odpowiedzi i wyjaśnienia zobaczysz")
    ).to_be_visible()
    expect(page.locator(".quiz-feedback")).not_to_contain_text("Gmina i powiat")
    axe(page)

    page.get_by_role("link", name="Spróbuj ponownie").click()
    expect(page.get_by_role("link", name=re.compile("Podejście 1: 0%"))).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Rozwiąż test ponownie").click()
    axe(page)
    _answer(page, ["Gmina i powiat", "OPS", "PCPR"])
    page.get_by_role("button", name="Wyślij odpowiedzi").click()
    expect(page.get_by_role("status")).to_contain_text("Zaliczono: 100%")
    expect(page.locator(".quiz-feedback .is-right").first).to_be_visible()
    axe(page)

    # The end of the course is a moment of its own.
    page.get_by_role("link", name="Zobacz podsumowanie kursu i zaświadczenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gratulacje!")
    expect(page).to_have_title(re.compile("Model Kooperacji w praktyce gminy"))
    expect(page.locator("main")).to_contain_text(
        "Ukończono kurs „Model Kooperacji w praktyce gminy”"
    )
    expect(page.locator(".course-completion")).to_contain_text("Lekcja 1.2")
    expect(
        page.get_by_role("link", name=re.compile("Pobierz zaświadczenie"))
    ).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Moje kursy").last.click()
    expect(page).to_have_url(f"{live_server_url}/moje/kursy/")
    card = page.locator(".my-course", has_text="Model Kooperacji w praktyce gminy")
    expect(card).to_contain_text("Ukończono")
    expect(card.locator("[data-progress-percent]")).to_have_text("100%")
    axe(page)


def test_lesson_without_javascript_moves_on(
    page, live_server_url, login, course, participant
):
    from courses import services

    services.enrolment_create(user=participant, course=course)
    # A second context of the same browser, with JavaScript switched off.
    context = page.context.browser.new_context(
        locale="pl-PL", java_script_enabled=False
    )
    page = context.new_page()
    try:
        login(page, live_server_url, participant.email, PASSWORD)
        page.goto(f"{live_server_url}/kursy/")
        page.get_by_role("link", name="Model Kooperacji w praktyce gminy").click()
        page.get_by_role("link", name=re.compile("Kontynuuj")).click()
        page.get_by_role("button", name="Oznacz lekcję jako ukończoną").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Lekcja 1.2")
        expect(page.locator("[data-progress-percent]").first).to_have_text("33%")
        # axe needs JavaScript; the same page is checked in the journey above.
    finally:
        context.close()


def test_anonymous_visitor_gets_an_invitation(page, live_server_url, axe, course):
    from courses.tests.factories import lessons_of

    lesson = lessons_of(course)[0]
    page.goto(f"{live_server_url}{lesson.url}")
    expect(
        page.get_by_text("Ta część kursu jest dostępna dla uczestników")
    ).to_be_visible()
    expect(page.get_by_text("Tajna treść lekcji")).to_have_count(0)
    axe(page)


def test_not_enrolled_user_gets_an_invitation(
    page, live_server_url, axe, login, course, participant
):
    from courses.tests.factories import lessons_of

    login(page, live_server_url, participant.email, PASSWORD)
    page.goto(f"{live_server_url}{lessons_of(course)[0].url}")
    expect(page.get_by_text("Tajna treść lekcji")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Zobacz opis kursu i zapisz się")
    ).to_be_visible()
    axe(page)
