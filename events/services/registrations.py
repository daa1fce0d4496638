"""Registrations: create, cancel, approve, reject, release, call an event off.

The rules on places are in ``places`` (the event lock, the counts) and
``waitlist`` (passing freed places on)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.selectors import profile_get
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from ..errors import EventError
from ..models import Diet, EventPage, Registration
from .calendar import calendar_sequence_bump
from .places import (
    _announce,
    _holding_counts,
    _mark_cancelled,
    _place_status,
    _quota_for,
    _state_lock,
    ensure_coordinator,
    event_lock,
)
from .waitlist import (
    _locked_registration,
    _offers_refresh,
    _promote,
)

Status = Registration.Status
CANCELLATION_REASON_MAX_LENGTH = 2000


def allowed_nights(event: EventPage) -> list[datetime.date]:
    """Nights one may book: from the eve of the first day to the eve of the
    last day (an overnight stay before each day)."""
    if not event.accommodation_offered or not event.ordered_days:
        return []
    first, last = event.date_from, event.date_to
    nights, night = [], first - datetime.timedelta(days=1)
    while night < last:
        nights.append(night)
        night += datetime.timedelta(days=1)
    return nights


def _next_rank(event: EventPage) -> int:
    top = Registration.objects.filter(event=event).aggregate(m=Max("waitlist_rank"))
    return (top["m"] or 0) + 1


@transaction.atomic
def registration_create(
    *,
    event: EventPage,
    user: User,
    nights: Iterable[datetime.date | str] = (),
    meals: bool = True,
    diet: str = Diet.STANDARD,
    diet_notes: str = "",
    accessibility_needs: str = "",
    accept_waitlist: bool = True,
    now: datetime.datetime | None = None,
) -> tuple[Registration, bool]:
    """Register ``user`` for ``event``: a place (confirmed, or pending when the
    event needs approval) while there is one, else the waiting list.

    Returns ``(registration, created)``; an existing active registration is
    returned unchanged with ``created=False``. Raises EventError with code
    ``event_cancelled``, ``not_open``, ``closed``, ``profile_incomplete``,
    ``bad_nights``, ``bad_diet``, ``quota`` (the participant's voivodeship has
    used its places) or ``full`` (no place and ``accept_waitlist`` is false).
    """
    now = now or timezone.now()
    # Page fields (window, days, quotas) change only by publishing, never by
    # services: read them before taking the lock, which then covers only the
    # counting and the insert (the places that count are read from the locked
    # state, as a coordinator may override them).
    event = EventPage.objects.prefetch_related("days", "quotas").get(pk=event.pk)
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != Status.CANCELLED:
        return existing, False
    if now < event.registration_opens_at:
        raise EventError(
            "not_open", _("Zapisy na to wydarzenie jeszcze się nie zaczęły.")
        )
    if now > event.registration_closes_at:
        raise EventError("closed", _("Zapisy na to wydarzenie są już zamknięte."))
    profile = profile_get(user=user)
    if not profile.is_complete:
        raise EventError(
            "profile_incomplete",
            _(
                "Uzupełnij swoje dane (imię, nazwisko, instytucja, sektor, "
                "województwo), aby się zapisać."
            ),
        )
    if diet not in Diet.values:
        raise EventError("bad_diet", _("Wybierz dietę z listy."))
    allowed = allowed_nights(event)
    chosen = sorted(
        {n if isinstance(n, datetime.date) else _parse_date(n) for n in nights}
    )
    if any(n not in allowed for n in chosen):
        raise EventError(
            "bad_nights", _("Wybrano noc, w którą nie zapewniamy noclegu.")
        )

    state = _state_lock(event.pk)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    # Offers nobody took in time pass on before anyone new is counted in.
    _offers_refresh(event, actor=None, now=now)
    # Read again under the lock: a concurrent request of the same person may
    # have registered in between.
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != Status.CANCELLED:
        return existing, False
    held, per_voivodeship = _holding_counts(event)
    quota = _quota_for(event, profile.voivodeship)
    if quota is not None and per_voivodeship.get(profile.voivodeship, 0) >= quota:
        raise EventError(
            "quota",
            _(
                "Limit miejsc dla Twojego województwa na tym wydarzeniu został "
                "wyczerpany."
            ),
        )
    if held < state.capacity_for(event):
        status, rank = _place_status(event), None
    elif accept_waitlist:
        status, rank = Status.WAITLISTED, _next_rank(event)
    else:
        raise EventError(
            "full",
            _("Brak wolnych miejsc. Możesz zapisać się na listę rezerwową."),
        )

    registration = existing or Registration(event=event, user=user)
    registration.status = status
    registration.waitlist_rank = rank
    registration.created_at = now
    registration.cancelled_at = None
    registration.offer_expires_at = None
    registration.decided_at = None
    registration.decided_by = None
    registration.nights = [n.isoformat() for n in chosen]
    registration.meals = bool(meals) and event.meals_offered
    registration.diet = diet
    registration.diet_notes = diet_notes.strip()[:255]
    registration.accessibility_needs = accessibility_needs.strip()
    registration.participant_name = user.get_full_name() or user.email
    for field in (
        "institution_name",
        "institution_sector",
        "position",
        "gmina",
        "powiat",
        "voivodeship",
    ):
        setattr(registration, field, getattr(profile, field))
    registration.save()
    registration.event = event
    audit_log(
        actor=user,
        action="events.registration.created",
        obj=registration,
        data={"event": event.pk, "status": status},
    )
    _announce(registration)
    return registration, True


def _parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise EventError("bad_nights", _("Nieprawidłowa data noclegu.")) from error


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    actor: User,
    now: datetime.datetime | None = None,
) -> Registration:
    """Cancel a registration. The participant may do so until the event's
    cancellation deadline; the event's coordinators at any time. A freed place
    goes to the first person waiting.

    Raises EventError ``forbidden``, ``cancel_deadline`` or ``not_active``."""
    now = now or timezone.now()
    registration, event = _locked_registration(registration, refresh_offers_at=now)
    if actor.pk != registration.user_id:
        ensure_coordinator(actor=actor, event=event)
    elif now > event.effective_cancellation_deadline:
        raise EventError(
            "cancel_deadline",
            _("Termin rezygnacji minął. Skontaktuj się z koordynatorem."),
        )
    if registration.status in (Status.CANCELLED, Status.REJECTED):
        raise EventError("not_active", _("To zgłoszenie nie jest już aktywne."))
    _cancel(
        registration,
        event,
        actor=actor,
        now=now,
        action="events.registration.cancelled",
    )
    _announce(registration)
    return registration


def _cancel(
    registration: Registration,
    event: EventPage,
    *,
    actor: User | None,
    now: datetime.datetime,
    action: str,
) -> None:
    """Cancel a locked registration, audit it and pass a freed place on."""
    was_holding = registration.holds_place
    before = registration.status
    _mark_cancelled(registration, now=now)
    audit_log(
        actor=actor,
        action=action,
        obj=registration,
        data={"event": event.pk, "before": before},
    )
    if was_holding:
        _promote(event, actor=actor, now=now)


@transaction.atomic
def registrations_release(*, user: User, now: datetime.datetime | None = None) -> int:
    """Give up every place and waiting-list entry ``user`` holds for events
    that are not over yet, whatever the cancellation deadline, and pass each
    freed place to the first person waiting. Used when the person's account
    is deleted: nobody is told, as the person is leaving. Returns how many
    registrations were released."""
    now = now or timezone.now()
    active = list(
        Registration.objects.filter(
            user=user,
            status__in=(*Registration.HOLDING, Status.WAITLISTED),
            event__days__date__gte=timezone.localdate(now),
        )
        .distinct()
        .order_by("event_id")
        .values_list("pk", "event_id")
    )
    released = 0
    for registration_id, event_id in active:
        event, _state = event_lock(event_id=event_id)
        # Read again under the lock: a coordinator may have rejected it (or
        # a lapsed offer been passed on) since the list above was read.
        registration = Registration.objects.filter(
            pk=registration_id,
            status__in=(*Registration.HOLDING, Status.WAITLISTED),
        ).first()
        if registration is None:
            continue
        registration.event = event
        _cancel(
            registration,
            event,
            actor=None,
            now=now,
            action="events.registration.released",
        )
        released += 1
    return released


def _decide(
    registration: Registration,
    event: EventPage,
    *,
    actor: User,
    approve: bool,
    now: datetime.datetime,
    reason: str = "",
) -> bool:
    """Approve (pending → confirmed) or reject one registration of a locked
    event. Returns False when its status does not allow that decision."""
    if approve and registration.status != Status.PENDING:
        return False
    if not approve and registration.status not in (
        Status.PENDING,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ):
        return False
    before = registration.status
    registration.status = Status.CONFIRMED if approve else Status.REJECTED
    registration.waitlist_rank = None
    registration.offer_expires_at = None
    registration.decided_at = now
    registration.decided_by = actor
    registration.decision_reason = "" if approve else reason
    registration.save(
        update_fields=[
            "status",
            "waitlist_rank",
            "offer_expires_at",
            "decided_at",
            "decided_by",
            "decision_reason",
            "updated_at",
        ]
    )
    data = {"event": event.pk, "before": before}
    if reason and not approve:
        data["reason"] = reason
    audit_log(
        actor=actor,
        action="events.registration.approved"
        if approve
        else "events.registration.rejected",
        obj=registration,
        data=data,
    )
    _announce(registration, extra=_reason_line(reason) if not approve else None)
    return True


def _reason_line(reason: str) -> Text | None:
    return Text(N_("Uzasadnienie: %(reason)s"), {"reason": reason}) if reason else None


def clean_reason(reason: str) -> str:
    """A coordinator's reason, trimmed; EventError ``reason_required`` when
    empty and ``reason_too_long`` past 2000 characters."""
    reason = (reason or "").strip()
    if not reason:
        raise EventError("reason_required", _("Podaj uzasadnienie."))
    if len(reason) > 2000:
        raise EventError(
            "reason_too_long", _("Uzasadnienie może mieć najwyżej 2000 znaków.")
        )
    return reason


@transaction.atomic
def registrations_decide(
    *,
    event: EventPage,
    registration_ids: Iterable[int],
    actor: User,
    approve: bool,
    now: datetime.datetime | None = None,
    reason: str = "",
) -> int:
    """Approve or reject several registrations of one event at once; returns
    how many changed (others are left as they are). Rejecting a held place
    promotes the first person waiting. A rejection's ``reason`` is stored,
    audited and sent to each participant.

    Raises EventError ``forbidden``, ``not_found`` (an id of another event)
    or ``reason_too_long``."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if len(reason) > 2000:
        clean_reason(reason)
    event, _state = event_lock(event_id=event.pk)
    ensure_coordinator(actor=actor, event=event)
    ids = {int(pk) for pk in registration_ids}
    registrations = list(
        Registration.objects.filter(event=event, pk__in=ids).select_related("user")
    )
    if len(registrations) != len(ids):
        raise EventError("not_found", _("Nie znaleziono zgłoszenia."))
    changed = 0
    freed = False
    for registration in registrations:
        registration.event = event
        holding = registration.holds_place
        if _decide(
            registration, event, actor=actor, approve=approve, now=now, reason=reason
        ):
            changed += 1
            freed = freed or (holding and not approve)
    if freed:
        _promote(event, actor=actor, now=now)
    return changed


def registration_approve(*, registration: Registration, actor: User, **kwargs) -> int:
    return registrations_decide(
        event=registration.event,
        registration_ids=[registration.pk],
        actor=actor,
        approve=True,
        **kwargs,
    )


def registration_reject(*, registration: Registration, actor: User, **kwargs) -> int:
    return registrations_decide(
        event=registration.event,
        registration_ids=[registration.pk],
        actor=actor,
        approve=False,
        **kwargs,
    )


@transaction.atomic
def event_cancel(*, event: EventPage, actor: User, reason: str = "") -> int:
    """Call the event off: every active registration is cancelled and its
    participant told. Returns how many registrations were cancelled.

    Raises EventError ``forbidden`` or ``event_cancelled`` (already)."""
    if len(reason) > CANCELLATION_REASON_MAX_LENGTH:
        raise EventError(
            "reason_too_long",
            _("Powód odwołania może mieć najwyżej %(n)s znaków.")
            % {"n": CANCELLATION_REASON_MAX_LENGTH},
        )
    event, state = event_lock(event_id=event.pk)
    ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało już odwołane."))
    now = timezone.now()
    state.cancelled_at = now
    state.cancellation_reason = reason.strip()
    state.save(update_fields=["cancelled_at", "cancellation_reason"])
    # Calendars see the cancellation as a newer version of each entry.
    calendar_sequence_bump(state=state)
    active = Registration.objects.filter(event=event).filter(
        Q(status__in=Registration.HOLDING) | Q(status=Status.WAITLISTED)
    )
    count = 0
    for registration in active.select_related("user"):
        _mark_cancelled(registration, now=now)
        registration.event = event
        _announce(registration, extra=Text(N_("Wydarzenie zostało odwołane.")))
        count += 1
    audit_log(
        actor=actor,
        action="events.event.cancelled",
        obj=event,
        data={"reason": state.cancellation_reason, "registrations": count},
    )
    return count


def registrations_reject(
    *,
    event: EventPage,
    registration_ids: Iterable[int],
    actor: User,
    reason: str,
    now: datetime.datetime | None = None,
) -> int:
    """Reject registrations of one event with a reason the participants are
    sent (notification and email). Returns how many changed.

    Raises EventError ``reason_required``, ``reason_too_long``, ``forbidden``
    or ``not_found``."""
    reason = clean_reason(reason)
    return registrations_decide(
        event=event,
        registration_ids=registration_ids,
        actor=actor,
        approve=False,
        now=now,
        reason=reason,
    )


@transaction.atomic
def registrations_cancel(
    *,
    event: EventPage,
    registration_ids: Iterable[int],
    actor: User,
    reason: str,
    now: datetime.datetime | None = None,
) -> int:
    """A coordinator cancels registrations of one event (at any time), with a
    reason sent to each participant; freed places go to the people waiting.
    Registrations already cancelled or rejected are left as they are.
    Returns how many were cancelled.

    Raises EventError ``reason_required``, ``reason_too_long``, ``forbidden``
    or ``not_found``."""
    reason = clean_reason(reason)
    now = now or timezone.now()
    event, _state = event_lock(event_id=event.pk)
    ensure_coordinator(actor=actor, event=event)
    _offers_refresh(event, actor=actor, now=now)
    ids = {int(pk) for pk in registration_ids}
    registrations = list(
        Registration.objects.filter(event=event, pk__in=ids).select_related("user")
    )
    if len(registrations) != len(ids):
        raise EventError("not_found", _("Nie znaleziono zgłoszenia."))
    freed = False
    count = 0
    for registration in registrations:
        if registration.status in (Status.CANCELLED, Status.REJECTED):
            continue
        registration.event = event
        freed = freed or registration.holds_place
        before = registration.status
        _mark_cancelled(registration, now=now)
        registration.decision_reason = reason
        registration.decided_by = actor
        registration.decided_at = now
        registration.save(
            update_fields=["decision_reason", "decided_by", "decided_at", "updated_at"]
        )
        audit_log(
            actor=actor,
            action="events.registration.cancelled_by_coordinator",
            obj=registration,
            data={"event": event.pk, "before": before, "reason": reason},
        )
        _announce(registration, extra=_reason_line(reason))
        count += 1
    if freed:
        _promote(event, actor=actor, now=now)
    return count
