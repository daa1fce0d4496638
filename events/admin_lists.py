"""Coordinator lists of one event in the Wagtail admin: the participants'
XLSX export, catering and accommodation lists, attendance with corrections.
Every view checks the coordinator's scope on the event."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.constants import InstitutionSector, Voivodeship
from szkola.home.exports import Sheet, xlsx_response

from .admin_access import event_in_scope, int_or_zero
from .errors import EventError
from .logistics import accommodation_list, catering_list
from .models import Attendance, Diet, EventDay, Registration
from .selectors import event_registrations
from .services import attendance_correct

Status = Registration.Status


def _xlsx_response(filename: str, sheets: list[tuple[str, list, list[list]]]):
    """Sheets as (title, headings, rows), through the project's one
    spreadsheet writer (formula-safe, local times, frozen header)."""
    return xlsx_response(
        filename,
        [
            Sheet(title=title, headings=headings, rows=rows)
            for title, headings, rows in sheets
        ],
    )


def export_participants(request, event_id: int):
    """Participants with institutions and sectors, plus totals per sector."""
    event = event_in_scope(request, event_id)
    rows = list(event_registrations(event=event))
    sectors = dict(InstitutionSector.choices)
    voivodeships = dict(Voivodeship.choices)
    participants = [
        [
            r.participant_name,
            r.user.email,
            r.get_status_display(),
            r.institution_name,
            str(sectors.get(r.institution_sector, r.institution_sector)),
            r.position,
            r.gmina,
            r.powiat,
            str(voivodeships.get(r.voivodeship, r.voivodeship)),
            r.created_at,
        ]
        for r in rows
    ]
    by_sector: dict[str, int] = {}
    for r in rows:
        if r.status == Status.CONFIRMED:
            key = str(sectors.get(r.institution_sector, r.institution_sector or "—"))
            by_sector[key] = by_sector.get(key, 0) + 1
    institutions: dict[tuple, int] = {}
    for r in rows:
        if r.status == Status.CONFIRMED:
            key = (r.institution_name, str(sectors.get(r.institution_sector, "")))
            institutions[key] = institutions.get(key, 0) + 1
    return _xlsx_response(
        f"uczestnicy-{event.pk}",
        [
            (
                _("Uczestnicy"),
                [
                    _("Imię i nazwisko"),
                    _("E-mail"),
                    _("Status"),
                    _("Instytucja"),
                    _("Sektor"),
                    _("Stanowisko"),
                    _("Gmina"),
                    _("Powiat"),
                    _("Województwo"),
                    _("Zgłoszono"),
                ],
                participants,
            ),
            (
                _("Instytucje"),
                [_("Instytucja"), _("Sektor"), _("Potwierdzonych")],
                [
                    [name, sector, n]
                    for (name, sector), n in sorted(institutions.items())
                ],
            ),
            (
                _("Sektory"),
                [_("Sektor"), _("Potwierdzonych")],
                sorted(by_sector.items()),
            ),
        ],
    )


def catering(request, event_id: int):
    event = event_in_scope(request, event_id)
    days = catering_list(event=event)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"wyzywienie-{event.pk}", _catering_sheets(days))
    return TemplateResponse(
        request,
        "events/admin/catering.html",
        {"event": event, "days": days, "diet_labels": Diet.choices},
    )


def _catering_sheets(days: list[dict]) -> list[Sheet]:
    """A summary sheet (each meal of each day per diet) and one sheet of
    names per day."""
    diet_labels = dict(Diet.choices)
    diets = days[0]["diets"] if days else []
    summary = [
        [day["day"].date, str(meal), *[per_diet[d] for d in diets], total]
        for day in days
        for meal, per_diet, total in day["totals"]
    ]
    sheets = [
        Sheet(
            title=_("Podsumowanie"),
            headings=[
                _("Dzień"),
                _("Posiłek"),
                *[str(diet_labels[d]) for d in diets],
                _("Razem"),
            ],
            rows=summary,
        )
    ]
    for day in days:
        people = day["registrations"]
        per_diet = {}
        for r in people:
            per_diet[r.diet] = per_diet.get(r.diet, 0) + 1
        sheets.append(
            Sheet(
                title=day["day"].date.strftime("%d.%m.%Y"),
                headings=[
                    _("Imię i nazwisko"),
                    _("Instytucja"),
                    _("Dieta"),
                    _("Uwagi"),
                ],
                rows=[
                    [
                        r.participant_name,
                        r.institution_name,
                        r.get_diet_display(),
                        r.diet_notes,
                    ]
                    for r in people
                ],
                footer=[
                    [_("Razem"), "", str(diet_labels[d]), per_diet[d]]
                    for d in diets
                    if per_diet.get(d)
                ]
                + [[_("Razem"), "", _("wszystkie diety"), len(people)]],
            )
        )
    return sheets


def accommodation(request, event_id: int):
    event = event_in_scope(request, event_id)
    nights = accommodation_list(event=event)
    if request.GET.get("format") == "xlsx":
        sheets = [
            Sheet(
                title=_("Podsumowanie"),
                headings=[_("Noc z"), _("Liczba osób")],
                rows=[[night["night"], night["count"]] for night in nights],
                footer=[[_("Razem osobonocy"), sum(n["count"] for n in nights)]],
            )
        ]
        sheets += [
            Sheet(
                title=night["night"].strftime("%d.%m.%Y"),
                headings=[_("Imię i nazwisko"), _("Instytucja"), _("Potrzeby")],
                rows=[
                    [r.participant_name, r.institution_name, r.accessibility_needs]
                    for r in night["registrations"]
                ],
                footer=[[_("Razem"), night["count"]]],
            )
            for night in nights
        ]
        return xlsx_response(f"noclegi-{event.pk}", sheets)
    return TemplateResponse(
        request,
        "events/admin/accommodation.html",
        {"event": event, "nights": nights},
    )


def attendance(request, event_id: int):
    """Attendance of every confirmed participant per day, with corrections."""
    event = event_in_scope(request, event_id)
    days = event.ordered_days
    rows = list(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).order_by(
            "participant_name", "pk"
        )
    )
    marks = {
        (a.registration_id, a.day_id): a
        for a in Attendance.objects.filter(registration__event=event).select_related(
            "marked_by"
        )
    }
    table = [
        {
            "registration": r,
            "cells": [{"day": d, "attendance": marks.get((r.pk, d.pk))} for d in days],
        }
        for r in rows
    ]
    return TemplateResponse(
        request,
        "events/admin/attendance.html",
        {"event": event, "days": days, "rows": table, "today": timezone.localdate()},
    )


@require_POST
def attendance_correct_view(request, event_id: int):
    event = event_in_scope(request, event_id)
    day = get_object_or_404(
        EventDay, pk=int_or_zero(request.POST.get("day")), page=event
    )
    registration = get_object_or_404(
        Registration, pk=int_or_zero(request.POST.get("registration")), event=event
    )
    try:
        attendance_correct(
            day=day,
            registration=registration,
            actor=request.user,
            present=request.POST.get("present") == "1",
        )
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Poprawiono obecność: %(name)s, %(date)s.")
            % {
                "name": registration.participant_name,
                "date": day.date.strftime("%d.%m.%Y"),
            },
        )
    return redirect("events_admin:attendance", event.pk)
