"""Registrations: create, cancel, approve, reject, release, call an event off.

The rules on places are in ``places`` (the event lock, the counts) and
``waitlist`` (passing freed places on)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.selectors import profile_get
from szkola.accounts.services import audit_log
from szkola.home.parsing import iso_date
from szkola.live.texts import Text

from ..errors import EventError
from ..models import Diet, EventPage, Registration
from ..rules import allowed_nights
from ..signals import places_held_back_for
from .calendar import calendar_sequence_bump
from .notices import registration_notice
from .places import (
    ensure_coordinator,
    event_lock,
    mark_cancelled,
    place_status,
    places_taken,
    quota_for,
    state_lock,
)
from .waitlist import (
    offers_refresh,
    registration_lock,
    waitlist_promote,
)

Status = Registration.Status
CANCELLATION_REASON_MAX_LENGTH = 2000


def nights_clean(
    event: EventPage, nights: Iterable[datetime.date | str]
) -> list[datetime.date]:
    """The nights asked for, as sorted dates. Raises EventError ``bad_nights``
    for a date that is not one or a night the event does not offer."""
    allowed = allowed_nights(event)
    invalid = EventError("bad_nights", _("Nieprawidłowa data noclegu."))
    chosen = sorted({iso_date(night, invalid=invalid) for night in nights})
    if any(night not in allowed for night in chosen):
        raise EventError(
            "bad_nights", _("Wybrano noc, w którą nie zapewniamy noclegu.")
        )
    return chosen


@dataclass(frozen=True)
class Answers:
    """Who registers for which event, with which (checked) needs."""

    event: EventPage
    user: User
    nights: list[datetime.date]
    meals: bool
    diet: str
    diet_notes: str
    accessibility_needs: str


def registration_fill(
    existing: Registration | None,
    answers: Answers,
    *,
    profile,
    status: str,
    rank: int | None,
    now: datetime.datetime,
    decided_by: User | None = None,
) -> Registration:
    """A new registration, or the person's ``existing`` cancelled one reused,
    with its status, the needs and the participant's details copied from
    their profile, as a participant's own registration and a coordinator's
    one both do. Does not save."""
    event, user = answers.event, answers.user
    registration = existing or Registration(event=event, user=user)
    registration.status = status
    registration.waitlist_rank = rank
    registration.created_at = now
    registration.cancelled_at = None
    registration.offer_expires_at = None
    registration.decided_at = now if decided_by is not None else None
    registration.decided_by = decided_by
    registration.nights = [night.isoformat() for night in answers.nights]
    registration.meals = bool(answers.meals) and event.meals_offered
    registration.diet = answers.diet
    registration.diet_notes = answers.diet_notes.strip()[:255]
    registration.accessibility_needs = answers.accessibility_needs.strip()
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
    return registration


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

    The event's lock is held by a transaction of its own that counts,
    inserts and writes the audit entry (a registration never exists without
    its entry, even when the database goes away at the next moment): the
    task that notifies and emails the participant is queued after it
    commits, so a burst of registrations for one event queues on the least
    work possible. Called inside an outer transaction, everything stays in
    it.
    """
    with transaction.atomic():
        registration, created = _registration_take(
            event=event,
            user=user,
            nights=nights,
            meals=meals,
            diet=diet,
            diet_notes=diet_notes,
            accessibility_needs=accessibility_needs,
            accept_waitlist=accept_waitlist,
            now=now or timezone.now(),
        )
        if created:
            audit_log(
                actor=user,
                action="events.registration.created",
                obj=registration,
                data={"event": registration.event_id, "status": registration.status},
            )
    if created:
        # One insert into the task queue, committed on its own (a transaction
        # around it would add two round trips); see messaging.
        registration_notice(registration)
    return registration, created


def _registration_take(
    *,
    event: EventPage,
    user: User,
    nights: Iterable[datetime.date | str],
    meals: bool,
    diet: str,
    diet_notes: str,
    accessibility_needs: str,
    accept_waitlist: bool,
    now: datetime.datetime,
) -> tuple[Registration, bool]:
    """registration_create's checks, count and insert, the last two under
    the event's lock. Call in a transaction."""
    # Page fields (window, days, quotas) change only by publishing, never by
    # services: read them before taking the lock, which then covers only the
    # counting and the insert (the places that count are read from the locked
    # state, as a coordinator may override them).
    event = _event_with_days_and_quotas(event)
    try:
        answers, profile = _answers_checked(
            event=event,
            user=user,
            nights=nights,
            meals=meals,
            diet=diet,
            diet_notes=diet_notes,
            accessibility_needs=accessibility_needs,
            now=now,
        )
    except EventError:
        # Someone registered already is told so, not why a new registration
        # would be refused (registration may have closed since, say). On the
        # way to a place this is read under the lock (places_taken).
        existing = Registration.objects.filter(event=event, user=user).first()
        if existing is not None and existing.status != Status.CANCELLED:
            return existing, False
        raise
    quota = quota_for(event, profile.voivodeship)

    # Under the lock: as few statements as the rules allow, each one waited
    # for by everyone registering for this event (see places_taken).
    state = state_lock(event_id=event.pk)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    taken = places_taken(event, user=user, voivodeship=profile.voivodeship, now=now)
    if taken.lapsed_offers:
        # Offers nobody took in time pass on before anyone new is counted in.
        offers_refresh(event, actor=None, now=now)
        taken = places_taken(event, user=user, voivodeship=profile.voivodeship, now=now)
    # The person's own registration, counted under the lock: an active one
    # (a concurrent request of theirs may have made it) is returned as it
    # is, a cancelled one is reused.
    if taken.own_active:
        return Registration.objects.get(event=event, user=user), False
    existing = (
        None if taken.own_id is None else Registration.objects.get(pk=taken.own_id)
    )
    if quota is not None and taken.held_in_voivodeship >= quota:
        raise EventError(
            "quota",
            _(
                "Limit miejsc dla Twojego województwa na tym wydarzeniu został "
                "wyczerpany."
            ),
        )
    held = taken.held + places_held_back_for(event_id=event.pk)
    if held < state.capacity_for(event):
        status, rank = place_status(event), None
    elif accept_waitlist:
        status, rank = Status.WAITLISTED, taken.last_rank + 1
    else:
        raise EventError(
            "full",
            _("Brak wolnych miejsc. Możesz zapisać się na listę rezerwową."),
        )

    registration = registration_fill(
        existing, answers, profile=profile, status=status, rank=rank, now=now
    )
    registration.save()
    registration.event = event
    return registration, True


def _answers_checked(
    *,
    event: EventPage,
    user: User,
    nights: Iterable[datetime.date | str],
    meals: bool,
    diet: str,
    diet_notes: str,
    accessibility_needs: str,
    now: datetime.datetime,
):
    """The registration window, the person's profile and their answers,
    checked: ``(Answers, profile)``. Raises EventError ``not_open``,
    ``closed``, ``profile_incomplete``, ``bad_diet`` or ``bad_nights``."""
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
    chosen = nights_clean(event, nights)
    answers = Answers(event, user, chosen, meals, diet, diet_notes, accessibility_needs)
    return answers, profile


def _event_with_days_and_quotas(event: EventPage) -> EventPage:
    """``event`` with its days and quotas: as the caller read them (a view
    that has just read the page for this request), else read now."""
    prefetched = getattr(event, "_prefetched_objects_cache", {})
    if "days" in prefetched and "quotas" in prefetched:
        return event
    return EventPage.objects.prefetch_related("days", "quotas").get(pk=event.pk)


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
    registration, event = registration_lock(registration, refresh_offers_at=now)
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
    registration_notice(registration)
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
    mark_cancelled(registration, now=now)
    audit_log(
        actor=actor,
        action=action,
        obj=registration,
        data={"event": event.pk, "before": before},
    )
    if was_holding:
        waitlist_promote(event, actor=actor, now=now)


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
        mark_cancelled(registration, now=now)
        registration.event = event
        registration_notice(
            registration, extra=Text(N_("Wydarzenie zostało odwołane."))
        )
        count += 1
    audit_log(
        actor=actor,
        action="events.event.cancelled",
        obj=event,
        data={"reason": state.cancellation_reason, "registrations": count},
    )
    return count
