"""Participants' and animators' pages: /moje/zespol/, /moje/sciezki/,
/moje/wsparcie/. Thin: read through selectors, write through services, show
a refusal's Polish message and change nothing."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import EventPage
from szkola.accounts.errors import DomainError
from szkola.accounts.models import User
from szkola.accounts.permissions import staff_second_factor_missing
from szkola.home.parsing import int_or_zero

from .models import LearningPath, SupportBooking, SupportSession, TeamEventPlaces
from .selectors import (
    current_members,
    membership_of,
    my_paths,
    team_for_user,
    team_may_manage,
    team_overview,
)
from .services import (
    path_join,
    path_team_join,
    support_attendance_record,
    support_book,
    support_cancel,
    support_note_add,
    team_members_register,
)
from .support_selectors import (
    support_bookings_of,
    support_notes_for,
    support_sessions_led_by,
    support_sessions_open,
)


@login_required
def team(request):
    """/moje/zespol/: the team's members; for its animators also their
    progress, registrations and certificates, and the team's event places."""
    the_team = team_for_user(user=request.user)
    if the_team is None:
        return render(request, "programme/team.html", {"team": None})
    manage = team_may_manage(user=request.user, team=the_team)
    context = team_overview(team=the_team, detailed=manage)
    context["manage"] = manage
    if manage:
        from .selectors import paths_available_to

        context["paths_available"] = list(paths_available_to(user=request.user))
        registered = {
            row.places.pk: {
                r.user_id
                for m in context["members"]
                for r in m.registrations
                if r.event_id == row.places.event_id and r.holds_place
            }
            for row in context["places"]
        }
        for row in context["places"]:
            row.candidates = [
                m
                for m in context["members"]
                if m.member.user_id not in registered[row.places.pk]
            ]
    return render(request, "programme/team.html", context)


@require_POST
@login_required
def team_register(request, places_id: int):
    """An animator registers chosen members on the team's places."""
    places = get_object_or_404(
        TeamEventPlaces.objects.select_related("team", "event"), pk=places_id
    )
    if team_for_user(user=request.user) != places.team and not team_may_manage(
        user=request.user, team=places.team
    ):
        raise Http404
    ids = [int_or_zero(v) for v in request.POST.getlist("members")]
    users = list(User.objects.filter(pk__in=[i for i in ids if i]))
    if len(users) != len([i for i in ids if i]):
        messages.error(request, _("Wybrano nieznaną osobę. Nikogo nie zapisano."))
        return redirect("programme:team")
    try:
        registrations = team_members_register(
            actor=request.user,
            team=places.team,
            event=EventPage.objects.get(pk=places.event_id),
            users=users,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Zapisano na wydarzenie „%(title)s”: %(names)s.")
            % {
                "title": places.event.title,
                "names": ", ".join(r.participant_name for r in registrations) or "—",
            },
        )
    return redirect("programme:team")


@require_POST
@login_required
def team_path_join(request):
    """An animator puts the whole team on a path."""
    the_team = team_for_user(user=request.user)
    path = LearningPath.objects.filter(pk=int_or_zero(request.POST.get("path"))).first()
    if (
        the_team is None
        or path is None
        or not team_may_manage(user=request.user, team=the_team)
    ):
        raise Http404
    try:
        added = path_team_join(actor=request.user, path=path, team=the_team)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Zapisano na ścieżkę „%(title)s” członków zespołu: %(n)s.")
            % {"title": path.title, "n": added},
        )
    return redirect("programme:team")


@login_required
def paths(request):
    """/moje/sciezki/: my paths, what is done and what is next."""
    return render(request, "programme/paths.html", my_paths(user=request.user))


@require_POST
@login_required
def path_start(request, pk: int):
    path = get_object_or_404(LearningPath, pk=pk)
    try:
        path_join(actor=request.user, path=path, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Rozpoczęto ścieżkę „%(title)s”.") % {"title": path.title}
        )
    return redirect("programme:paths")


def _second_factor_redirect(request):
    """Coaches who are staff see participants' names and notes here: as in
    the admin, their session must have used the second factor."""
    if not staff_second_factor_missing(session=request.session, user=request.user):
        return None
    name = "mfa_reauthenticate" if is_mfa_enabled(request.user) else "mfa_activate_totp"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


@login_required
def support(request):
    """/moje/wsparcie/: my booked sessions (with our notes), sessions I can
    book, and, for coaches, the sessions they lead."""
    led = support_sessions_led_by(user=request.user)
    if led and (gated := _second_factor_redirect(request)):
        return gated
    bookings = support_bookings_of(user=request.user)
    for booking in bookings:
        booking.visible_notes = support_notes_for(user=request.user, booking=booking)
    for session in led:
        session.active_bookings = [
            b for b in session.bookings.all() if not b.cancelled_at
        ]
        for booking in session.active_bookings:
            booking.visible_notes = support_notes_for(
                user=request.user, booking=booking
            )
    the_team = team_for_user(user=request.user)
    team_members = []
    if the_team is not None and request.user.pk in the_team.animator_ids():
        team_members = [
            m for m in current_members(team=the_team) if m.user_id != request.user.pk
        ]
    return render(
        request,
        "programme/support.html",
        {
            "bookings": bookings,
            "open_sessions": support_sessions_open(user=request.user),
            "led": led,
            "team_members": team_members,
            "membership": membership_of(user=request.user),
        },
    )


@require_POST
@login_required
def support_book_view(request, pk: int):
    session = get_object_or_404(SupportSession, pk=pk)
    user = request.user
    for_id = int_or_zero(request.POST.get("for"))
    if for_id and for_id != request.user.pk:
        user = User.objects.filter(pk=for_id).first()
        if user is None:
            messages.error(
                request, _("Wybrano nieznaną osobę. Niczego nie zarezerwowano.")
            )
            return redirect("programme:support")
    try:
        support_book(actor=request.user, session=session, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Zarezerwowano miejsce: %(title)s.") % {"title": session.title}
        )
    return redirect("programme:support")


def _booking(pk: int) -> SupportBooking:
    return get_object_or_404(SupportBooking.objects.select_related("session"), pk=pk)


@require_POST
@login_required
def support_cancel_view(request, pk: int):
    try:
        support_cancel(actor=request.user, booking=_booking(pk))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Anulowano rezerwację."))
    return redirect("programme:support")


@require_POST
@login_required
def support_attendance_view(request, pk: int):
    if gated := _second_factor_redirect(request):
        return gated
    try:
        support_attendance_record(
            actor=request.user,
            booking=_booking(pk),
            attended=request.POST.get("attended") == "1",
            hours=(request.POST.get("hours") or "").replace(",", ".").strip() or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zapisano obecność."))
    return redirect("programme:support")


@require_POST
@login_required
def support_note_view(request, pk: int):
    booking = _booking(pk)
    if request.user.pk == booking.session.provider_id and (
        gated := _second_factor_redirect(request)
    ):
        return gated
    try:
        support_note_add(
            actor=request.user, booking=booking, text=request.POST.get("text", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zapisano notatkę."))
    return redirect("programme:support")
