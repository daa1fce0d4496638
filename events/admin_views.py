"""Coordinator screens in the Wagtail admin: registrations of an event with
filters and (bulk) decisions, the waiting list, XLSX exports, catering and
accommodation lists, attendance corrections and closing. Every view checks
the coordinator's scope on the event."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.constants import InstitutionSector, Voivodeship
from szkola.accounts.selectors import user_is_coordinator, user_may_act_on_voivodeship
from szkola.home.exports import Sheet, xlsx_response

from .errors import EventError
from .models import Attendance, Diet, EventDay, EventPage, EventState, Registration
from .selectors import (
    accommodation_list,
    catering_list,
    event_registrations,
    events_for_coordinator,
)
from .services import (
    attendance_close,
    attendance_correct,
    event_cancel,
    registrations_decide,
    waitlist_move,
)

Status = Registration.Status


def _int(value) -> int:
    """A posted id, or 0 (which matches nothing) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def user_may_coordinate(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user_is_coordinator(user)))


class _OutOfScope(Exception):
    """A coordinator asked for an event of another organiser."""


def _event_in_scope(request, event_id: int) -> EventPage:
    if not user_may_coordinate(request.user):
        raise PermissionDenied
    event = get_object_or_404(
        EventPage.objects.prefetch_related("days", "quotas"), pk=event_id
    )
    if not user_may_act_on_voivodeship(request.user, event.organiser):
        raise _OutOfScope
    return event


def event_in_scope(request, event_id: int) -> EventPage:
    """The event if the user coordinates its organiser; PermissionDenied for
    non-coordinators, the out-of-scope message (with ``in_scope_only``)
    for another organiser's event."""
    return _event_in_scope(request, event_id)


def posted_id(value) -> int:
    return _int(value)


def _in_scope_only(view):
    """Turn a coordinator's request about another organiser's event (any
    view, any method, bulk actions included) into a clear message on the
    list of their own events; nothing runs and nothing changes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _OutOfScope:
            messages.error(
                request,
                _(
                    "Nie koordynujesz wydarzeń tego organizatora: koordynator "
                    "prowadzi tylko wydarzenia swojego województwa."
                ),
            )
            return redirect("events_admin:events")

    return wrapped


def event_list(request):
    if not user_may_coordinate(request.user):
        raise PermissionDenied
    from django.db.models import Count, Q

    events = (
        events_for_coordinator(user=request.user)
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status="confirmed")
            ),
            pending=Count("registrations", filter=Q(registrations__status="pending")),
            waiting=Count(
                "registrations", filter=Q(registrations__status="waitlisted")
            ),
        )
        .prefetch_related("days")
    )
    return TemplateResponse(
        request, "events/admin/event_list.html", {"events": list(events)}
    )


def registrations(request, event_id: int):
    event = _event_in_scope(request, event_id)
    if request.method == "POST":
        return _registrations_post(request, event)
    status = request.GET.get("status", "")
    voivodeship = request.GET.get("voivodeship", "")
    query = request.GET.get("q", "").strip()
    rows = list(
        event_registrations(
            event=event, status=status, voivodeship=voivodeship, query=query
        )
    )
    state = EventState.objects.filter(event=event).first()
    return TemplateResponse(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "state": state,
            "registrations": rows,
            "status_choices": Status.choices,
            "voivodeship_choices": Voivodeship.choices,
            "selected_status": status,
            "selected_voivodeship": voivodeship,
            "query": query,
            "counts": {
                s: Registration.objects.filter(event=event, status=s).count()
                for s in Status.values
            },
            "is_over": bool(event.ends_at() and timezone.now() >= event.ends_at()),
        },
    )


def _registrations_post(request, event: EventPage):
    action = request.POST.get("action", "")
    url = reverse("events_admin:registrations", args=[event.pk])
    try:
        if action in ("approve", "reject"):
            ids = [_int(pk) for pk in request.POST.getlist("registration")]
            if not ids:
                messages.warning(request, _("Zaznacz co najmniej jedno zgłoszenie."))
                return redirect(url)
            changed = registrations_decide(
                event=event,
                registration_ids=ids,
                actor=request.user,
                approve=action == "approve",
            )
            messages.success(request, _("Zmieniono zgłoszeń: %(n)s.") % {"n": changed})
        elif action.partition("-")[0] in ("up", "down"):
            direction, _sep, pk = action.partition("-")
            registration = get_object_or_404(
                Registration, pk=pk if pk.isdigit() else 0, event=event
            )
            waitlist_move(
                registration=registration, actor=request.user, up=direction == "up"
            )
            messages.success(request, _("Zmieniono kolejność listy rezerwowej."))
        elif action == "close":
            completed = attendance_close(event=event, actor=request.user)
            messages.success(
                request,
                _("Lista obecności zamknięta. Ukończyło: %(n)s.") % {"n": completed},
            )
        elif action == "cancel_event":
            count = event_cancel(
                event=event,
                actor=request.user,
                reason=request.POST.get("reason", ""),
            )
            messages.success(
                request,
                _("Wydarzenie odwołane; anulowano zgłoszeń: %(n)s.") % {"n": count},
            )
        else:
            messages.error(request, _("Nieznana czynność."))
    except EventError as error:
        messages.error(request, error.message)
    return redirect(url)


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
    event = _event_in_scope(request, event_id)
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
    event = _event_in_scope(request, event_id)
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
    event = _event_in_scope(request, event_id)
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
    event = _event_in_scope(request, event_id)
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
    event = _event_in_scope(request, event_id)
    day = get_object_or_404(EventDay, pk=_int(request.POST.get("day")), page=event)
    registration = get_object_or_404(
        Registration, pk=_int(request.POST.get("registration")), event=event
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


def admin_urls():
    from .admin_documents import documents, scan_download

    return [
        path("", event_list, name="events"),
        path("<int:event_id>/", _in_scope_only(registrations), name="registrations"),
        path(
            "<int:event_id>/eksport.xlsx",
            _in_scope_only(export_participants),
            name="export",
        ),
        path("<int:event_id>/wyzywienie/", _in_scope_only(catering), name="catering"),
        path(
            "<int:event_id>/noclegi/",
            _in_scope_only(accommodation),
            name="accommodation",
        ),
        path("<int:event_id>/obecnosc/", _in_scope_only(attendance), name="attendance"),
        path(
            "<int:event_id>/obecnosc/korekta/",
            _in_scope_only(attendance_correct_view),
            name="attendance_correct",
        ),
        path("<int:event_id>/dokumenty/", _in_scope_only(documents), name="documents"),
        path(
            "<int:event_id>/dokumenty/skan/<int:scan_id>/",
            _in_scope_only(scan_download),
            name="scan_download",
        ),
    ]
