"""Coordinator tools outside the admin: check-in at the door (phone-sized),
the printable attendance list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.permissions import (
    second_factor_gate,
    user_is_coordinator,
    user_may_act_on_voivodeship,
)
from szkola.home.parsing import int_or_zero

from . import checkin_board
from .errors import EventError
from .forms import CheckinCodeForm, CheckinSearchForm
from .models import Attendance, EventDay, EventPage, Registration
from .selectors import day_checkin_list, day_present_count, events_for_coordinator
from .services import checkin


def _forbidden(request):
    return TemplateResponse(
        request,
        "events/coordinator/forbidden.html",
        {
            "message": _(
                "Nie masz uprawnień do tego wydarzenia: koordynator prowadzi "
                "tylko wydarzenia swojego województwa."
            )
        },
        status=403,
    )


def _mfa_redirect(request):
    """Where to send a staff member whose session has not used a second
    factor (as the admin does), or None."""
    return second_factor_gate(
        request,
        message=_("Aby sprawdzać obecność, włącz uwierzytelnianie dwuskładnikowe."),
    )


def coordinator_only(view):
    """Staff pages outside /admin/: the session must have used a second
    factor, as in the admin (these pages show participants' names and
    institutions); a refusal is a clear Polish page (403), not a bare error."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        gated = _mfa_redirect(request)
        if gated is not None:
            return gated
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _forbidden(request)

    return wrapped


def _day_for_coordinator(request, day_id: int) -> EventDay:
    day = get_object_or_404(
        EventDay.objects.select_related("page").prefetch_related(
            "page__days", "page__programme_items", "page__speakers"
        ),
        pk=day_id,
    )
    if not user_may_act_on_voivodeship(request.user, day.page.organiser):
        raise PermissionDenied
    return day


@login_required
@coordinator_only
def coordinator_home(request):
    """Events the coordinator runs, with a check-in link per day."""
    if not (user_is_coordinator(request.user) or request.user.is_superuser):
        raise PermissionDenied
    today = timezone.localdate()
    events = list(events_for_coordinator(user=request.user).prefetch_related("days"))
    upcoming = [e for e in events if e.date_to and e.date_to >= today]
    upcoming.sort(key=lambda e: e.date_from)
    past = [e for e in events if e.date_to and e.date_to < today]
    past.sort(key=lambda e: e.date_from, reverse=True)
    return TemplateResponse(
        request,
        "events/coordinator/home.html",
        {"upcoming": upcoming, "past": past[:20], "today": today},
    )


@login_required
@coordinator_only
def checkin_day(request, day_id: int):
    """Search by name and tick present; scan or type a QR code."""
    day = _day_for_coordinator(request, day_id)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration,
            pk=int_or_zero(request.POST.get("registration")),
            event_id=day.page_id,
        )
        present = request.POST.get("present") == "1"
        try:
            checkin(
                day=day,
                actor=request.user,
                registration=registration,
                method=Attendance.Method.LIST,
                present=present,
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                (
                    _("Obecność: %(name)s")
                    if present
                    else _("Cofnięto obecność: %(name)s")
                )
                % {"name": registration.participant_name},
            )
        query = request.POST.get("q", "")
        url = reverse("events:checkin_day", kwargs={"day_id": day.pk})
        return redirect(f"{url}?q={query}" if query else url)
    search = CheckinSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return TemplateResponse(
        request,
        "events/coordinator/checkin_day.html",
        {
            "day": day,
            "event": day.page,
            "is_today": day.date == timezone.localdate(),
            "search_form": search,
            "query": query,
            "code_form": CheckinCodeForm(),
            "participants": day_checkin_list(day=day, query=query),
            "present_count": day_present_count(day=day),
            "live_group": f"checkin.day.{day.pk}",
        },
    )


@login_required
@coordinator_only
@require_POST
def checkin_code(request, day_id: int):
    """A scanned (or typed) QR token."""
    day = _day_for_coordinator(request, day_id)
    form = CheckinCodeForm(request.POST)
    url = reverse("events:checkin_day", kwargs={"day_id": day.pk})
    if not form.is_valid():
        messages.error(request, _("Wpisz kod z potwierdzenia uczestnika."))
        return redirect(url)
    method = (
        Attendance.Method.QR
        if request.POST.get("method") == "qr"
        else Attendance.Method.MANUAL
    )
    try:
        attendance, changed = checkin(
            day=day, actor=request.user, token=form.cleaned_data["code"], method=method
        )
    except EventError as error:
        messages.error(request, error.message)
    else:
        name = attendance.registration.participant_name
        if changed:
            messages.success(request, _("Obecność: %(name)s") % {"name": name})
        else:
            messages.info(
                request, _("%(name)s jest już na liście obecnych.") % {"name": name}
            )
    return redirect(url)


def _attendance_pdf_response(*, event, days, filename: str) -> HttpResponse:
    from szkola.home.pdf import project_details

    from .pdf import attendance_list_pdf as render
    from .signals import participant_links_for

    registrations = Registration.objects.filter(
        event_id=event.pk, status=Registration.Status.CONFIRMED
    ).order_by("participant_name", "pk")
    details = project_details()
    content = render(
        event=event,
        days=days,
        registrations=registrations,
        project_title=details["project_title"],
        project_number=details["project_number"],
        organisation=details["organisation"] or "Szkoła Kooperacji",
        links=participant_links_for(event_id=event.pk),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@coordinator_only
def attendance_list_pdf(request, day_id: int):
    """The printable attendance list (lista obecności) of one day."""
    day = _day_for_coordinator(request, day_id)
    return _attendance_pdf_response(
        event=day.page,
        days=[day],
        filename=f"lista-obecnosci-{day.page_id}-{day.date:%Y%m%d}.pdf",
    )


@login_required
@coordinator_only
def attendance_sheet_pdf(request, event_id: int):
    """One attendance list for the whole event: a signature column per day."""
    event = get_object_or_404(
        EventPage.objects.prefetch_related("days", "programme_items", "speakers"),
        pk=event_id,
    )
    if not user_may_act_on_voivodeship(request.user, event.organiser):
        raise PermissionDenied
    if not event.ordered_days:
        raise Http404
    return _attendance_pdf_response(
        event=event,
        days=event.ordered_days,
        filename=f"lista-obecnosci-{event.pk}.pdf",
    )


@login_required
@coordinator_only
def board_view(request, day_id: int):
    day = checkin_board.board_day_get(pk=day_id)
    if day is None:
        raise Http404
    if not checkin_board.user_may_see_board(user=request.user, day=day):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "events/coordinator/checkin_board.html",
        {"day": day, "event": day.page, "ws_path": f"/ws/obecnosc/{day.pk}/"},
    )
