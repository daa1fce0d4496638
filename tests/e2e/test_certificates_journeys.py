"""Journeys through certificates: a participant finishes a course and an event
and gets both certificates without anyone issuing them, downloads one, follows
its QR code to a "valid" page; a visitor checks a number and code by hand; a
coordinator bulk-issues, revokes, re-issues after a name correction and
exports the register."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "Wspolpraca-2026!"


def podkarpackie_coordinator(email: str):
    """Krystyna Koordynatorska, coordinator of podkarpackie, signing in with
    PASSWORD."""
    from szkola.accounts.models import User
    from szkola.accounts.services import role_set

    coordinator = User.objects.create_user(
        email=email,
        password=PASSWORD,
        first_name="Krystyna",
        last_name="Koordynatorska",
    )
    role_set(user=coordinator, is_trainer=False, coordinator_scope="18", actor=None)
    return coordinator


@pytest.fixture
def participant(live_server_url, certificate_settings):
    from allauth.account.models import EmailAddress

    from szkola.accounts.models import User
    from szkola.accounts.services import profile_update

    user = User.objects.create_user(
        email="anna.wozniak@gops-przykladowo.pl",
        password=PASSWORD,
        first_name="Anna",
        last_name="Woźniak-Łęcka",
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    # A complete profile, as registering for an event requires.
    profile_update(
        user=user,
        first_name="Anna",
        last_name="Woźniak-Łęcka",
        institution_name="GOPS Przykładowo",
        institution_sector="ops",
        voivodeship="18",
        gmina="Przykładowo",
        powiat="krośnieński",
    )
    return user


@pytest.fixture
def course(home_page, certificate_settings):
    from courses.models import CourseIndexPage
    from courses.tests.factories import course_create

    index = CourseIndexPage(title="Kursy", slug="kursy", intro="Kursy online.")
    home_page.add_child(instance=index)
    return course_create(
        index=index,
        title="Diagnoza zasobów gminy",
        lessons_per_module=1,
        quiz=False,
    )


def _attend_a_past_training(user) -> str:
    """``user`` attends both days of a training that has ended; the automatic
    close completes it. Nobody issues anything. Returns its title."""
    import datetime

    from django.utils import timezone

    from events.services import attendance_correct, registration_create
    from events.services.attendance import finished_events_close
    from events.tests.factories import coordinator_create, event_create

    title = "Szkolenie: współpraca międzysektorowa w gminie"
    event = event_create(
        title=title,
        first_day=timezone.localdate() - datetime.timedelta(days=5),
        opens_in_days=-30,
        closes_in_days=1,
        days=2,
    )
    registration, _ = registration_create(event=event, user=user)
    coordinator = coordinator_create(scope="18")
    for day in event.days.all():
        attendance_correct(
            day=day, registration=registration, actor=coordinator, present=True
        )
    assert finished_events_close().completed == 1
    return title


def _finish_event(run_on_server, user) -> None:
    from events.signals import event_completed

    source = {
        "kind": "event",
        "id": 321,
        "title": "Szkolenie: współpraca międzysektorowa w gminie",
        "hours": "14.0",
        "date_from": "2021-02-15",
        "date_to": "2021-02-16",
        "place": "Rzeszów",
        "organiser": "18",
        "programme": [{"topic": "Źródła finansowania współpracy", "hours": "14.0"}],
        "language": "pl",
        "completion_id": 1,
    }
    run_on_server(
        lambda: event_completed.send(sender=None, user_id=user.pk, source=source)
    )


def test_participant_finishes_a_course_and_an_event_and_verifies_a_certificate(
    page,
    live_server_url,
    wagtail_locale,
    home_page,
    axe,
    participant,
    course,
    login,
    run_on_server,
    tmp_path,
):
    from certificates.models import Certificate

    # On the server's loop, so the live pushes of check-in and issue go out.
    event_title = run_on_server(_attend_a_past_training, participant)

    # The course is finished in the browser: its only lesson ticked off.
    login(page, live_server_url, participant.email, PASSWORD)
    page.goto(f"{live_server_url}{course.url}")
    page.get_by_role("button", name="Zapisz się na kurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lekcja 1.1")
    page.get_by_role("button", name="Oznacz lekcję jako ukończoną").click()
    # Finishing the course is a moment: its completion page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Gratulacje!")
    axe(page)
    page.goto(f"{live_server_url}/moje/kursy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje kursy")
    expect(page.get_by_text(re.compile(r"^Ukończono "))).to_be_visible()

    page.goto(f"{live_server_url}/moje/")
    axe(page)
    page.get_by_role("link", name="Moje zaświadczenia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje zaświadczenia")
    axe(page)
    titles = page.get_by_role("main").get_by_role("heading", level=2)
    expect(titles).to_have_count(2)
    expect(titles.filter(has_text="Diagnoza zasobów gminy")).to_have_count(1)
    expect(titles.filter(has_text=event_title)).to_have_count(1)
    issued = Certificate.objects.filter(user=participant)
    assert sorted(issued.values_list("source_kind", flat=True)) == ["course", "event"]
    assert not issued.filter(issued_by__isnull=False).exists()
    certificate = issued.get(source_kind="event")

    card = page.locator(".certificate-card", has_text=event_title)
    link = card.get_by_label("Link do weryfikacji")
    expect(link).to_have_value(
        re.compile(rf"/certyfikaty/weryfikacja/{certificate.code}/$")
    )

    with page.expect_download() as info:
        card.get_by_role("link", name=re.compile("Pobierz PDF")).click()
    pdf_path = tmp_path / "zaswiadczenie.pdf"
    info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")

    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "200",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                str(pdf_path),
                str(tmp_path / "page"),
            ],
            check=True,
        )
        decoded = subprocess.run(
            ["zbarimg", "--raw", "-q", str(next(tmp_path.glob("page*.png")))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        path = decoded.split("/certyfikaty/", 1)[1]
        target = f"{live_server_url}/certyfikaty/{path}"
    else:
        target = link.input_value()
    page.goto(target)
    axe(page)
    expect(page.get_by_role("status")).to_contain_text("Zaświadczenie ważne")
    expect(page.get_by_text("Anna Woźniak-Łęcka")).to_be_visible()


def test_visitor_checks_a_number_and_code_by_hand(
    page, live_server_url, wagtail_locale, home_page, axe, participant, run_on_server
):
    from certificates.models import Certificate

    _finish_event(run_on_server, participant)
    certificate = Certificate.objects.get(user=participant)

    page.goto(f"{live_server_url}/certyfikaty/weryfikacja/")
    axe(page)
    page.get_by_label("Numer zaświadczenia").fill(certificate.number)
    page.get_by_label("Kod weryfikacyjny").fill("zly-kod")
    page.get_by_role("button", name="Sprawdź").click()
    expect(page.get_by_role("alert")).to_have_text("Nie znaleziono zaświadczenia.")
    axe(page)
    page.get_by_label("Kod weryfikacyjny").fill(certificate.code)
    page.get_by_role("button", name="Sprawdź").click()
    expect(page.get_by_role("status")).to_contain_text("Zaświadczenie ważne")
    axe(page)


def test_coordinator_bulk_issues_revokes_reissues_and_exports(
    page,
    sign_in,
    live_server_url,
    wagtail_locale,
    home_page,
    certificate_settings,
    axe,
    tmp_path,
):
    from certificates.models import Certificate
    from certificates.services import completion_record
    from szkola.accounts.models import User

    coordinator = podkarpackie_coordinator("koordynator@rops.example.org")
    source = {
        "kind": "event",
        "id": 654,
        "title": "Wizyta studyjna: partnerstwa lokalne",
        "hours": "8.0",
        "date_from": "2021-03-01",
        "place": "Krosno",
        "organiser": "18",
        "programme": [],
        "language": "pl",
    }
    for n, (first, last) in enumerate(
        [("Ewa", "Gołąb"), ("Jan", "Świątek"), ("Ola", "Źrebiec")]
    ):
        user = User.objects.create_user(
            email=f"uczestnik{n}@gops.example.org", first_name=first, last_name=last
        )
        completion_record(user_id=user.pk, source=source)

    sign_in(page, coordinator)
    page.goto(f"{live_server_url}/admin/certyfikaty/narzedzia/zbiorczo/")
    axe(page)
    page.get_by_label("Kurs lub wydarzenie").first.select_option("event:654")
    page.get_by_role("button", name="Wydaj wszystkim uprawnionym").click()
    expect(page.get_by_text("Przetworzono 3 z 3, wydano 3")).to_be_visible()
    assert Certificate.objects.filter(source_id=654).count() == 3

    page.get_by_role("link", name="Przejdź do rejestru").click()
    expect(page.get_by_text("Ewa Gołąb")).to_be_visible()
    export = page.context.request.get(
        f"{live_server_url}/admin/certyfikaty/rejestr/?export=xlsx"
    )
    assert export.ok
    import io

    from openpyxl import load_workbook

    names = [row[1] for row in load_workbook(io.BytesIO(export.body())).active.values][
        1:
    ]
    assert sorted(names) == ["Ewa Gołąb", "Jan Świątek", "Ola Źrebiec"]

    page.goto(f"{live_server_url}/admin/certyfikaty/rejestr/")
    page.get_by_role("link", name=re.compile(r"SK.[0-9]{4}.00001")).first.click()
    axe(page)
    page.get_by_role("link", name="Unieważnij zaświadczenie…").click()
    # A summary first: nothing is revoked until the form is sent.
    expect(page.get_by_text("Tego nie można cofnąć", exact=False)).to_be_visible()
    axe(page)
    page.get_by_label("Powód unieważnienia").fill("Nieobecność na drugim dniu")
    page.get_by_role("button", name="Unieważnij zaświadczenie").click()
    # No axe check here: Wagtail's own success toast (white on #2c8f72)
    # fails colour contrast; the page itself was checked before acting.
    expect(page.get_by_text("Unieważniono zaświadczenie")).to_be_visible()

    page.goto(f"{live_server_url}/admin/certyfikaty/rejestr/")
    page.get_by_role("link", name=re.compile(r"SK.[0-9]{4}.00002")).first.click()
    page.get_by_label("Imię i nazwisko na nowym zaświadczeniu").fill(
        "Jan Świątek-Nowak"
    )
    page.get_by_role("button", name="Wydaj ponownie").click()
    expect(page.get_by_text("Wydano zaświadczenie")).to_be_visible()
    old = Certificate.objects.get(sequence=2)
    assert old.status == "superseded"
    assert old.superseded_by.recipient_name == "Jan Świątek-Nowak"

    # Anyone checking the two changed certificates sees what happened.
    revoked = Certificate.objects.get(sequence=1)
    page.goto(f"{live_server_url}/certyfikaty/weryfikacja/{revoked.code}/")
    expect(page.get_by_role("status")).to_contain_text("Zaświadczenie unieważnione")
    page.goto(f"{live_server_url}/certyfikaty/weryfikacja/{old.code}/")
    expect(page.get_by_role("status")).to_contain_text(
        f"aktualne zaświadczenie ma numer {old.superseded_by.number}"
    )
    axe(page)
    # Leave the admin before teardown so no request of its is still running
    # when the database is closed to this test.
    page.goto("about:blank")
