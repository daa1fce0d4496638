"""The attendance list (lista obecności) as an auditor reads it."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from szkola.home.models import SiteSettings
from szkola.home.tests import pdf_checks

from ..models import EventPage, Registration
from ..pdf import attendance_list_pdf
from .factories import (
    coordinator_create,
    event_create,
    register,
    staff_login,
    user_create,
)

pytestmark = pytest.mark.django_db


def _event(days=2, people=3):
    event = event_create(days=days)
    for n in range(people):
        register(
            event, user_create(last_name=f"Źdźbło{n}", institution_name="GOPS Łańcut")
        )
    return EventPage.objects.prefetch_related("days", "programme_items").get(
        pk=event.pk
    )


def _render(event, days, **kwargs):
    registrations = Registration.objects.filter(event=event).order_by(
        "participant_name"
    )
    return attendance_list_pdf(
        event=event,
        days=days,
        registrations=registrations,
        project_title="Liderzy kooperacji",
        project_number="POWR.02.05.00-00-0000/17",
        **kwargs,
    )


def test_day_list_has_what_an_audit_asks_for():
    event = _event()
    day = event.ordered_days[0]

    pdf = _render(event, [day])

    text = pdf_checks.text(pdf)
    for expected in (
        "LISTA OBECNOŚCI",
        "Liderzy kooperacji",
        "POWR.02.05.00-00-0000/17",
        event.title,
        day.date.strftime("%d.%m.%Y"),
        "09:00–16:00",
        "Hotel Pod Dębem",
        "dr Anna Nowak",  # trainer, with a signature field
        "Trener / prowadzący",
        "Lp.",
        "Imię i nazwisko",
        "Instytucja",
        "GOPS Łańcut",
        f"Podpis {day.date:%d.%m}",
        "Strona 1 z 1",
        "współfinansowany ze środków Unii Europejskiej",
    ):
        assert expected in text, expected


def test_event_sheet_has_a_signature_column_per_day_and_page_numbers():
    event = _event(days=2, people=45)

    pdf = _render(event, event.ordered_days)

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    text = pdf_checks.text(pdf)
    for day in event.ordered_days:
        assert f"Podpis {day.date:%d.%m}" in text
    assert f"Strona 1 z {len(pages)}" in text
    assert f"Strona {len(pages)} z {len(pages)}" in text
    # The header row repeats on every page.
    assert all("Imię i nazwisko" in page.extract_text() for page in pages)


@pytest.mark.parametrize("days", [1, 2, 5])
def test_nothing_is_clipped(days):
    event = _event(days=days, people=30)
    pdf = _render(event, event.ordered_days)
    pdf_checks.assert_all_text_inside_pages(pdf)


def test_fonts_are_embedded_and_marks_are_vectors():
    event = _event(days=1, people=1)
    pdf = _render(event, event.ordered_days)

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    for ref in page["/Resources"]["/Font"].values():
        assert "/FontFile2" in ref.get_object()["/FontDescriptor"].get_object()
    x = {w["word"]: w["box"][0] for w in pdf_checks.word_boxes(pdf) if w["page"] == 1}
    assert x["Fundusze"] < x["Rzeczpospolita"] < x["Unia"]


def test_coordinator_downloads_the_event_sheet_with_project_number(client):
    from wagtail.models import Site

    event = _event(days=2, people=2)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.project_number = "POWR.02.05.00-00-1234/17"
    site_settings.save()
    staff_login(client, coordinator_create(scope="18"))

    response = client.get(reverse("events:attendance_sheet_pdf", args=[event.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_checks.text(response.content)
    assert "POWR.02.05.00-00-1234/17" in text
    assert "Źdźbło0" in text


def test_coordinator_of_another_voivodeship_gets_no_sheet(client):
    event = _event(days=2, people=2)
    staff_login(client, coordinator_create(scope="20"))

    response = client.get(reverse("events:attendance_sheet_pdf", args=[event.pk]))

    assert response.status_code == 403
    assert b"%PDF" not in response.content


def test_pdf_date_is_when_it_was_printed():
    import time_machine

    event = _event(days=1, people=1)
    moment = datetime.datetime(2021, 3, 27, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        pdf = _render(event, event.ordered_days)
    assert PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"] == (
        "D:20210328003000+01'00'"
    )
    assert timezone.now() > moment
