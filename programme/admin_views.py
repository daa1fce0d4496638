"""Coordinators' screens in the Wagtail admin that a viewset cannot express:
a team's members with progress, invitations, animators and removal; a path's
progress per participant and team; a support session's bookings and
attendance (never its notes). Every view checks the coordinator's scope."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.errors import DomainError
from szkola.accounts.models import User
from szkola.accounts.permissions import user_is_coordinator, user_may_act_on_voivodeship

from .admin_forms import InviteForm
from .models import LearningPath, SupportBooking, SupportSession, Team, TeamMember
from .selectors import path_report, team_overview
from .services import (
    path_team_join,
    support_attendance_record,
    team_animator_set,
    team_member_invite,
    team_member_remove,
)


def user_may_coordinate(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user_is_coordinator(user)))


def _in_scope(request, obj, organiser: str):
    if not user_may_coordinate(request.user) or not user_may_act_on_voivodeship(
        request.user, organiser
    ):
        raise PermissionDenied
    return obj


def _team(request, pk: int) -> Team:
    team = get_object_or_404(
        Team.objects.select_related("gmina_animator", "powiat_animator"), pk=pk
    )
    return _in_scope(request, team, team.voivodeship)


def team_detail(request, pk: int):
    team = _team(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _member, created = team_member_invite(
                actor=request.user, team=team, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Zaproszono %(email)s (%(what)s).")
                % {
                    "email": form.cleaned_data["email"],
                    "what": _("nowe konto") if created else _("istniejące konto"),
                },
            )
            return redirect("programme_admin:team", pk=team.pk)
    context = team_overview(team=team, detailed=True)
    context.update(
        {
            "form": form,
            "paths": LearningPath.objects.filter(
                organiser__in=[team.voivodeship, "MR"]
            ),
            "former": team.members.filter(removed_at__isnull=False).select_related(
                "user"
            ),
        }
    )
    return TemplateResponse(request, "programme/admin/team.html", context)


@require_POST
def team_member_remove_view(request, pk: int, member_id: int):
    team = _team(request, pk)
    member = get_object_or_404(TeamMember, pk=member_id, team=team)
    try:
        team_member_remove(actor=request.user, member=member)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Wypisano z zespołu. Ukończone kursy, szkolenia i zaświadczenia tej osoby pozostają."
            ),
        )
    return redirect("programme_admin:team", pk=team.pk)


@require_POST
def team_animator_view(request, pk: int):
    team = _team(request, pk)
    level = request.POST.get("level", "")
    user_id = request.POST.get("user") or ""
    user = User.objects.filter(pk=int(user_id)).first() if user_id.isdigit() else None
    try:
        team_animator_set(actor=request.user, team=team, level=level, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zapisano animatora zespołu."))
    return redirect("programme_admin:team", pk=team.pk)


@require_POST
def team_path_view(request, pk: int):
    team = _team(request, pk)
    path_id = request.POST.get("path", "")
    the_path = (
        LearningPath.objects.filter(pk=int(path_id)).first()
        if path_id.isdigit()
        else None
    )
    if the_path is None:
        messages.error(request, _("Wybierz ścieżkę."))
        return redirect("programme_admin:team", pk=team.pk)
    try:
        added = path_team_join(actor=request.user, path=the_path, team=team)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zapisano na ścieżkę osób: %(n)s.") % {"n": added})
    return redirect("programme_admin:team", pk=team.pk)


def path_progress_view(request, pk: int):
    the_path = get_object_or_404(LearningPath, pk=pk)
    _in_scope(request, the_path, the_path.organiser)
    return TemplateResponse(
        request, "programme/admin/path.html", path_report(path=the_path)
    )


def session_detail(request, pk: int):
    session = get_object_or_404(
        SupportSession.objects.select_related("provider", "team"), pk=pk
    )
    _in_scope(request, session, session.organiser)
    if request.method == "POST":
        booking = get_object_or_404(
            SupportBooking, pk=request.POST.get("booking") or 0, session=session
        )
        try:
            support_attendance_record(
                actor=request.user,
                booking=booking,
                attended=request.POST.get("attended") == "1",
                hours=(request.POST.get("hours") or "").replace(",", ".").strip()
                or None,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Zapisano obecność."))
        return redirect("programme_admin:session", pk=session.pk)
    bookings = session.bookings.filter(cancelled_at__isnull=True).select_related("user")
    return TemplateResponse(
        request,
        "programme/admin/session.html",
        {"session": session, "bookings": bookings},
    )


def admin_urls():
    return [
        path("zespoly/<int:pk>/", team_detail, name="team"),
        path(
            "zespoly/<int:pk>/wypisz/<int:member_id>/",
            team_member_remove_view,
            name="team_member_remove",
        ),
        path("zespoly/<int:pk>/animator/", team_animator_view, name="team_animator"),
        path("zespoly/<int:pk>/sciezka/", team_path_view, name="team_path"),
        path("sciezki/<int:pk>/postepy/", path_progress_view, name="path"),
        path("sesje/<int:pk>/", session_detail, name="session"),
    ]
