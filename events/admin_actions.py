"""Actions of the registrations desk (``/admin/wydarzenia/<event id>/…``):
approve, reject and cancel (one row or the ticked ones), the waiting list,
calling the event off, closing attendance, adding a person by hand and the
capacity override. Destructive actions show what will change on a
confirmation page (GET) and act on POST. Thin: the scope is checked here
and again by every service, which does the writing."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from szkola.accounts.errors import AccountError

from .admin_access import event_in_scope, int_or_zero
from .errors import EventError
from .forms_desk import AddPersonForm, CapacityForm, ReasonForm
from .models import EventState, Registration
from .selectors import attendance_close_preview
from .services import (
    attendance_close,
    event_cancel,
    event_capacity_override,
    registration_add,
    registrations_cancel,
    registrations_decide,
    registrations_reject,
    waitlist_move,
)

Status = Registration.Status


def _selected_ids(request) -> list[int]:
    """Ids of the rows acted on: one row's button (``only``) or the ticked
    boxes (``registration``); malformed ids become 0, which matches nothing
    and makes the services refuse the whole request."""
    data = request.POST if request.method == "POST" else request.GET
    if data.get("only"):
        return [int_or_zero(data.get("only"))]
    return [int_or_zero(pk) for pk in data.getlist("registration")]


def _desk(event) -> str:
    return reverse("events_admin:registrations", args=[event.pk])


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def approve(request, event_id: int):
    """Approve pending registrations: a summary on GET (for the ticked
    boxes), done on POST (also straight from one row's button)."""
    event = event_in_scope(request, event_id)
    ids = _selected_ids(request)
    if not ids:
        messages.warning(request, _("Zaznacz co najmniej jedno zgłoszenie."))
        return redirect(_desk(event))
    if request.method == "POST":
        try:
            changed = registrations_decide(
                event=event, registration_ids=ids, actor=request.user, approve=True
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    # Translators: pl-few: Zatwierdzono %(n)s zgłoszenia.
                    "Zatwierdzono %(n)s zgłoszenie.",
                    "Zatwierdzono %(n)s zgłoszeń.",
                    changed,
                )
                % {"n": changed},
            )
        return redirect(_desk(event))
    rows = list(
        Registration.objects.filter(event=event, pk__in=ids).order_by(
            "participant_name", "pk"
        )
    )
    if len(rows) != len(set(ids)):
        messages.warning(request, _("Nie znaleziono zgłoszenia."))
        return redirect(_desk(event))
    return _confirm(
        request,
        event=event,
        title=_("Zatwierdzenie zgłoszeń"),
        intro=_(
            "Te zgłoszenia zostaną potwierdzone; każda osoba dostanie "
            "powiadomienie i e-mail z plikiem kalendarza."
        ),
        items=[
            f"{r.participant_name} — {r.institution_name or r.user.email}"
            for r in rows
            if r.status == Status.PENDING
        ],
        unchanged=[
            f"{r.participant_name} ({r.get_status_display()})"
            for r in rows
            if r.status != Status.PENDING
        ],
        button=_("Zatwierdź zgłoszenia"),
        ids=ids,
        danger=False,
    )


def move(request, event_id: int):
    event = event_in_scope(request, event_id)
    if refused := _post_only(request):
        return refused
    direction, _sep, pk = request.POST.get("move", "").partition("-")
    registration = Registration.objects.filter(pk=int_or_zero(pk), event=event).first()
    if direction not in ("up", "down") or registration is None:
        messages.error(request, _("Nie znaleziono zgłoszenia."))
        return redirect(_desk(event))
    try:
        waitlist_move(
            registration=registration, actor=request.user, up=direction == "up"
        )
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zmieniono kolejność listy rezerwowej."))
    return redirect(_desk(event))


def _confirm(
    request,
    *,
    event,
    title: str,
    intro: str,
    items: list[str],
    unchanged: list[str] = (),
    form=None,
    button: str,
    ids: list[int] = (),
    danger: bool = True,
):
    return TemplateResponse(
        request,
        "events/admin/confirm.html",
        {
            "event": event,
            "title": title,
            "intro": intro,
            "items": items,
            "unchanged": list(unchanged),
            "form": form,
            "button": button,
            "ids": ids,
            "danger": danger,
            "back_url": _desk(event),
        },
    )


def _decision_view(request, event_id: int, *, kind: str):
    """Reject or cancel the chosen registrations: the confirmation lists who
    changes and who does not, the reason is required and sent to each."""
    event = event_in_scope(request, event_id)
    ids = _selected_ids(request)
    rows = list(
        Registration.objects.filter(event=event, pk__in=ids).order_by(
            "participant_name", "pk"
        )
    )
    if not ids or len(rows) != len(set(ids)):
        messages.warning(
            request,
            _("Zaznacz co najmniej jedno zgłoszenie.")
            if not ids
            else _("Nie znaleziono zgłoszenia."),
        )
        return redirect(_desk(event))
    if kind == "reject":
        acts = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
        title = _("Odrzucenie zgłoszeń")
        intro = _(
            "Te zgłoszenia zostaną odrzucone; każda osoba dostanie powiadomienie "
            "i e-mail z uzasadnieniem. Zwolnione miejsca przejdą na osoby z listy "
            "rezerwowej."
        )
        button = _("Odrzuć zgłoszenia")
        service = registrations_reject
    else:
        acts = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
        title = _("Anulowanie zgłoszeń")
        intro = _(
            "Te zgłoszenia zostaną anulowane; każda osoba dostanie powiadomienie "
            "i e-mail z uzasadnieniem. Zwolnione miejsca przejdą na osoby z listy "
            "rezerwowej."
        )
        button = _("Anuluj zgłoszenia")
        service = registrations_cancel
    changing = [r for r in rows if r.status in acts]
    unchanged = [
        f"{r.participant_name} ({r.get_status_display()})"
        for r in rows
        if r.status not in acts
    ]
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = service(
                event=event,
                registration_ids=ids,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            if kind == "reject":
                done = ngettext(
                    # Translators: pl-few: Odrzucono %(n)s zgłoszenia.
                    "Odrzucono %(n)s zgłoszenie.",
                    "Odrzucono %(n)s zgłoszeń.",
                    changed,
                )
            else:
                done = ngettext(
                    # Translators: pl-few: Anulowano %(n)s zgłoszenia.
                    "Anulowano %(n)s zgłoszenie.",
                    "Anulowano %(n)s zgłoszeń.",
                    changed,
                )
            messages.success(request, done % {"n": changed})
            return redirect(_desk(event))
    return _confirm(
        request,
        event=event,
        title=title,
        intro=intro,
        items=[
            f"{r.participant_name} — {r.institution_name or r.user.email} "
            f"({r.get_status_display()})"
            for r in changing
        ],
        unchanged=unchanged,
        form=form,
        button=button,
        ids=ids,
    )


def reject(request, event_id: int):
    return _decision_view(request, event_id, kind="reject")


def cancel(request, event_id: int):
    return _decision_view(request, event_id, kind="cancel")


def cancel_event(request, event_id: int):
    event = event_in_scope(request, event_id)
    state = EventState.objects.filter(event=event).first()
    if state and state.cancelled_at:
        messages.error(request, _("To wydarzenie zostało już odwołane."))
        return redirect(_desk(event))
    active = list(
        Registration.objects.filter(event=event)
        .filter(Q(status__in=Registration.HOLDING) | Q(status=Status.WAITLISTED))
        .order_by("participant_name", "pk")
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = event_cancel(
                event=event, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    # Translators: pl-few: Wydarzenie odwołane; anulowano %(n)s zgłoszenia.
                    "Wydarzenie odwołane; anulowano %(n)s zgłoszenie.",
                    "Wydarzenie odwołane; anulowano %(n)s zgłoszeń.",
                    count,
                )
                % {"n": count},
            )
            return redirect(_desk(event))
    return _confirm(
        request,
        event=event,
        title=_("Odwołanie wydarzenia"),
        intro=ngettext(
            # Translators: pl-few: Wydarzenie zostanie odwołane, a %(n)s aktywne zgłoszenia anulowane; każda osoba dostanie powiadomienie i e-mail z powodem.
            "Wydarzenie zostanie odwołane, a %(n)s aktywne zgłoszenie anulowane; "
            "osoba dostanie powiadomienie i e-mail z powodem.",
            "Wydarzenie zostanie odwołane, a %(n)s aktywnych zgłoszeń anulowanych; "
            "każda osoba dostanie powiadomienie i e-mail z powodem.",
            len(active),
        )
        % {"n": len(active)},
        items=[f"{r.participant_name} ({r.get_status_display()})" for r in active],
        form=form,
        button=_("Odwołaj wydarzenie"),
    )


def close_attendance(request, event_id: int):
    event = event_in_scope(request, event_id)
    if not (event.ends_at() and timezone.now() >= event.ends_at()):
        messages.error(
            request, _("Listę obecności zamkniesz po ostatnim dniu wydarzenia.")
        )
        return redirect(_desk(event))
    if request.method == "POST":
        try:
            completed = attendance_close(event=event, actor=request.user)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Lista obecności zamknięta. Ukończyło: %(n)s.") % {"n": completed},
            )
        return redirect(_desk(event))
    preview = attendance_close_preview(event=event)
    return _confirm(
        request,
        event=event,
        title=_("Zamknięcie listy obecności"),
        intro=_(
            "Osoby spełniające warunek obecności ukończą wydarzenie (to "
            "otwiera wydanie zaświadczeń). Korekty obecności są możliwe i po "
            "zamknięciu; ponowne zamknięcie je uwzględni."
        ),
        items=[
            _("%(name)s — ukończy") % {"name": r.participant_name}
            for r in preview["completing"]
        ],
        unchanged=[
            _("%(name)s — nie spełnia warunku obecności") % {"name": r.participant_name}
            for r in preview["not_meeting"]
        ]
        + [
            _("%(name)s — już ukończone") % {"name": r.participant_name}
            for r in preview["already"]
        ],
        button=_("Zamknij listę obecności"),
    )


def add_person(request, event_id: int):
    """A phone or walk-in registration, for an existing account (by email,
    with suggestions from the coordinator's voivodeship) or a new one."""
    event = event_in_scope(request, event_id)
    query = ""
    if request.method == "POST" and ("find" in request.POST or "pick" in request.POST):
        # Looking an account up, or picking one found: nothing is added yet.
        initial = request.POST.dict()
        initial["nights"] = request.POST.getlist("nights")
        if "pick" in request.POST:
            initial["email"] = request.POST["pick"]
        else:
            query = request.POST.get("email", "")
        form = AddPersonForm(initial=initial, event=event, user=request.user)
    else:
        form = AddPersonForm(
            request.POST if request.method == "POST" else None,
            event=event,
            user=request.user,
        )
    if form.is_bound and form.is_valid():
        try:
            registration = _add_person(request, event, form)
        except (EventError, AccountError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Dopisano: %(name)s (%(status)s).")
                % {
                    "name": registration.participant_name,
                    "status": registration.get_status_display(),
                },
            )
            return redirect(_desk(event))
    return TemplateResponse(
        request,
        "events/admin/add_person.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "matches": form.matches(query) if query else [],
        },
    )


def _add_person(request, event, form) -> Registration:
    from szkola.accounts.invitations import user_invite

    data = form.cleaned_data
    # One transaction: a new account is kept only with its registration.
    with transaction.atomic():
        user = form.existing_user
        if user is None:
            user = user_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=request.user,
                institution_name=data["institution_name"],
                institution_sector=data["institution_sector"],
                position=data["position"],
                gmina=data["gmina"],
                powiat=data["powiat"],
                voivodeship=data["voivodeship"],
            )
        return registration_add(
            event=event,
            actor=request.user,
            user=user,
            channel=data["channel"],
            nights=data.get("nights") or [],
            meals=data["meals"],
            diet=data["diet"],
            diet_notes=data["diet_notes"],
            accessibility_needs=data["accessibility_needs"],
            waitlist_if_full=data["waitlist_if_full"],
        )


def capacity(request, event_id: int):
    """The coordinator's deliberate change of the number of places."""
    event = event_in_scope(request, event_id)
    state = EventState.objects.filter(event=event).first()
    taken = Registration.objects.filter(Registration.holding_q(), event=event).count()
    current = state.capacity_for(event) if state else event.capacity
    form = CapacityForm(
        request.POST if request.method == "POST" else None,
        initial={"capacity": current},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _state, promoted = event_capacity_override(
                event=event,
                actor=request.user,
                capacity=form.cleaned_data["capacity"],
                reason=form.cleaned_data["reason"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            message = _("Liczba miejsc: %(n)s.") % {"n": form.cleaned_data["capacity"]}
            if promoted:
                message += " " + ngettext(
                    # Translators: pl-few: Z listy rezerwowej przeszły %(n)s osoby.
                    "Z listy rezerwowej przeszła %(n)s osoba.",
                    "Z listy rezerwowej przeszło %(n)s osób.",
                    promoted,
                ) % {"n": promoted}
            messages.success(request, message)
            return redirect(_desk(event))
    return TemplateResponse(
        request,
        "events/admin/capacity.html",
        {
            "event": event,
            "state": state,
            "form": form,
            "current": current,
            "taken": taken,
            "confirmed": Registration.objects.filter(
                event=event, status=Status.CONFIRMED
            ).count(),
        },
    )
