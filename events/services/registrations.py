"""Registrations: create, cancel, approve, reject, the waiting list.

Every write about the places of one event first locks that event's
``EventState`` row (SELECT … FOR UPDATE on PostgreSQL), so counting the
places held and taking one happen as one step: two people registering at the
same second are served one after the other, and a place is never sold twice.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.selectors import profile_get, user_may_act_on_voivodeship
from szkola.accounts.services import audit_log

from ..errors import EventError
from ..messaging import registration_announce
from ..models import Diet, EventPage, EventState, Registration

Status = Registration.Status


def event_lock(*, event_id: int) -> tuple[EventPage, EventState]:
    """Lock the event's state row for the rest of the transaction and return
    the event (with days and quotas) and its state."""
    state = _state_lock(event_id)
    event = EventPage.objects.prefetch_related("days", "quotas").get(pk=event_id)
    return event, state


def _state_lock(event_id: int) -> EventState:
    state = EventState.objects.select_for_update().filter(event_id=event_id).first()
    if state is None:
        # First write for this event: make the row (a concurrent maker wins
        # the unique index and get_or_create reads its row), then lock it.
        EventState.objects.get_or_create(event_id=event_id)
        state = EventState.objects.select_for_update().get(event_id=event_id)
    return state


def ensure_coordinator(*, actor: User, event: EventPage) -> None:
    """Raise EventError("forbidden") unless ``actor`` coordinates the event's
    organiser (the leader's team for macroregional events)."""
    if not user_may_act_on_voivodeship(actor, event.organiser):
        raise EventError(
            "forbidden",
            _("Nie koordynujesz wydarzeń tego organizatora: zmiana nie jest możliwa."),
        )


def _holding_counts(event: EventPage) -> tuple[int, dict[str, int]]:
    """Places held (pending, confirmed, offered to someone waiting) in total
    and per voivodeship."""
    rows = (
        Registration.objects.filter(Registration.holding_q(), event=event)
        .values("voivodeship")
        .annotate(n=Count("pk"))
    )
    per_voivodeship = {row["voivodeship"]: row["n"] for row in rows}
    return sum(per_voivodeship.values()), per_voivodeship


def _quota_for(event: EventPage, voivodeship: str) -> int | None:
    for quota in event.quotas.all():
        if quota.voivodeship == voivodeship:
            return quota.places
    return None


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


def _place_status(event: EventPage) -> str:
    return Status.PENDING if event.approval_required else Status.CONFIRMED


def _next_rank(event: EventPage) -> int:
    top = Registration.objects.filter(event=event).aggregate(m=Max("waitlist_rank"))
    return (top["m"] or 0) + 1


_ANNOUNCEMENTS = {
    Status.CONFIRMED: (
        N_("Miejsce potwierdzone: %(title)s"),
        N_("Twoje miejsce na wydarzeniu „%(title)s” jest potwierdzone."),
    ),
    Status.PENDING: (
        N_("Zgłoszenie przyjęte: %(title)s"),
        N_(
            "Przyjęliśmy Twoje zgłoszenie na wydarzenie „%(title)s”. "
            "Czeka na akceptację koordynatora."
        ),
    ),
    Status.WAITLISTED: (
        N_("Lista rezerwowa: %(title)s"),
        N_(
            "Brak wolnych miejsc na wydarzeniu „%(title)s”. Jesteś na liście "
            "rezerwowej; gdy zwolni się miejsce, damy Ci znać."
        ),
    ),
    Status.REJECTED: (
        N_("Zgłoszenie odrzucone: %(title)s"),
        N_("Twoje zgłoszenie na wydarzenie „%(title)s” zostało odrzucone."),
    ),
    Status.CANCELLED: (
        N_("Zgłoszenie anulowane: %(title)s"),
        N_("Twoje zgłoszenie na wydarzenie „%(title)s” zostało anulowane."),
    ),
}


def _announce(registration: Registration, *, extra: str = "") -> None:
    # The strings above are only marked; translate them now, in the language
    # of the request.
    title, body = _ANNOUNCEMENTS[registration.status]
    values = {"title": registration.event.title}
    text = _(body) % values
    if extra:
        text = f"{text} {extra}"
    registration_announce(
        registration=registration, title=(_(title) % values)[:200], body=text
    )


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
    # Page fields (window, capacity, days, quotas) change only by publishing,
    # never by services: read them before taking the lock, which then covers
    # only the counting and the insert.
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
    if held < event.capacity:
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


def _starts_at(event: EventPage) -> datetime.datetime | None:
    days = event.ordered_days
    if not days:
        return None
    return timezone.make_aware(
        datetime.datetime.combine(days[0].date, days[0].start),
        timezone.get_default_timezone(),
    )


def _offer_deadline(
    event: EventPage, now: datetime.datetime
) -> datetime.datetime | None:
    """Until when a freed place is kept for the first person waiting, or None
    when it is given at once (no time to accept set, or the event starts
    before any such time could pass)."""
    if not event.waitlist_offer_hours:
        return None
    deadline = now + datetime.timedelta(hours=event.waitlist_offer_hours)
    starts_at = _starts_at(event)
    if starts_at is not None:
        deadline = min(deadline, starts_at)
    return deadline if deadline > now else None


def _offer(
    registration: Registration, event: EventPage, *, deadline: datetime.datetime
) -> None:
    registration.offer_expires_at = deadline
    registration.save(update_fields=["offer_expires_at", "updated_at"])
    values = {
        "title": event.title,
        "deadline": timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M"),
    }
    registration_announce(
        registration=registration,
        title=(_("Zwolniło się miejsce: %(title)s") % values)[:200],
        body=_(
            "Zwolniło się miejsce na wydarzeniu „%(title)s” i czeka na Ciebie. "
            "Przyjmij je do %(deadline)s na stronie „Moje zapisy”; potem "
            "przejdzie na następną osobę z listy rezerwowej."
        )
        % values,
    )


def _mark_cancelled(registration: Registration, *, now: datetime.datetime) -> None:
    """Store ``registration`` as cancelled at ``now``, off the waiting list
    and without an offer. No audit entry, notice or promotion: callers add
    what their case needs."""
    registration.status = Status.CANCELLED
    registration.waitlist_rank = None
    registration.offer_expires_at = None
    registration.cancelled_at = now
    registration.save(
        update_fields=[
            "status",
            "waitlist_rank",
            "offer_expires_at",
            "cancelled_at",
            "updated_at",
        ]
    )


def _offers_refresh(
    event: EventPage, *, actor: User | None, now: datetime.datetime
) -> int:
    """Cancel the offers nobody accepted in time and pass the places on.
    Call with the event locked. Returns how many offers lapsed."""
    lapsed = list(
        Registration.objects.filter(
            event=event, status=Status.WAITLISTED, offer_expires_at__lte=now
        ).select_related("user")
    )
    for registration in lapsed:
        _mark_cancelled(registration, now=now)
        registration.event = event
        audit_log(
            actor=actor,
            action="events.registration.offer_lapsed",
            obj=registration,
            data={"event": event.pk},
        )
        _announce(
            registration,
            extra=_("Nie przyjęto zaproponowanego miejsca w wyznaczonym czasie."),
        )
    if lapsed:
        _promote(event, actor=actor, now=now)
    return len(lapsed)


def _promote(
    event: EventPage,
    *,
    actor: User | None,
    now: datetime.datetime | None = None,
) -> list[Registration]:
    """Give freed places to the people waiting, first come first served
    (skipping those whose voivodeship's quota is used up): at once, or, when
    the event sets a time to accept, as an offer kept for them until then.
    Call with the event locked."""
    now = now or timezone.now()
    if event.date_from and event.date_from < timezone.localdate(now):
        return []
    held, per_voivodeship = _holding_counts(event)
    free = event.capacity - held
    promoted = []
    if free <= 0:
        return promoted
    deadline = _offer_deadline(event, now)
    waiting = (
        Registration.objects.filter(
            event=event, status=Status.WAITLISTED, offer_expires_at__isnull=True
        )
        .select_related("user")
        .order_by("waitlist_rank", "created_at", "pk")
    )
    for registration in waiting:
        if free <= 0:
            break
        quota = _quota_for(event, registration.voivodeship)
        if (
            quota is not None
            and per_voivodeship.get(registration.voivodeship, 0) >= quota
        ):
            continue
        registration.event = event
        per_voivodeship[registration.voivodeship] = (
            per_voivodeship.get(registration.voivodeship, 0) + 1
        )
        free -= 1
        if deadline is not None:
            _offer(registration, event, deadline=deadline)
            audit_log(
                actor=actor,
                action="events.registration.offered",
                obj=registration,
                data={"event": event.pk, "until": deadline.isoformat()},
            )
            promoted.append(registration)
            continue
        registration.status = _place_status(event)
        registration.waitlist_rank = None
        registration.save(update_fields=["status", "waitlist_rank", "updated_at"])
        audit_log(
            actor=actor,
            action="events.registration.promoted",
            obj=registration,
            data={"event": event.pk, "status": registration.status},
        )
        _announce(
            registration,
            extra=_("Zwolniło się miejsce i otrzymujesz je z listy rezerwowej."),
        )
        promoted.append(registration)
    return promoted


def _locked_registration(
    registration: Registration, *, refresh_offers_at: datetime.datetime | None = None
) -> tuple[Registration, EventPage]:
    event, _state = event_lock(event_id=registration.event_id)
    if refresh_offers_at is not None:
        _offers_refresh(event, actor=None, now=refresh_offers_at)
    fresh = Registration.objects.select_related("user").get(pk=registration.pk)
    fresh.event = event
    return fresh, event


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
    registration.save(
        update_fields=[
            "status",
            "waitlist_rank",
            "offer_expires_at",
            "decided_at",
            "decided_by",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        action="events.registration.approved"
        if approve
        else "events.registration.rejected",
        obj=registration,
        data={"event": event.pk, "before": before},
    )
    _announce(registration)
    return True


@transaction.atomic
def registrations_decide(
    *,
    event: EventPage,
    registration_ids: Iterable[int],
    actor: User,
    approve: bool,
    now: datetime.datetime | None = None,
) -> int:
    """Approve or reject several registrations of one event at once; returns
    how many changed (others are left as they are). Rejecting a held place
    promotes the first person waiting.

    Raises EventError ``forbidden`` or ``not_found`` (an id of another event)."""
    now = now or timezone.now()
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
        if _decide(registration, event, actor=actor, approve=approve, now=now):
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
def waitlist_move(*, registration: Registration, actor: User, up: bool) -> Registration:
    """Move a waiting person one place up or down the waiting list.

    Raises EventError ``forbidden``, ``not_waitlisted``, ``offered`` (a freed
    place was offered to them: their rank no longer matters, and the offer
    is either taken or passed on) or ``edge`` (already first or last)."""
    registration, event = _locked_registration(registration)
    ensure_coordinator(actor=actor, event=event)
    if registration.status != Status.WAITLISTED:
        raise EventError("not_waitlisted", _("Ta osoba nie jest na liście rezerwowej."))
    if registration.offer_expires_at is not None:
        raise EventError(
            "offered",
            _(
                "Tej osobie zaproponowano już wolne miejsce: jej miejsca na "
                "liście rezerwowej nie można zmienić."
            ),
        )
    waiting = list(
        Registration.objects.filter(event=event, status=Status.WAITLISTED).order_by(
            "waitlist_rank", "created_at", "pk"
        )
    )
    index = next(i for i, r in enumerate(waiting) if r.pk == registration.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(waiting):
        raise EventError("edge", _("Nie można przesunąć dalej."))
    waiting[index], waiting[other_index] = waiting[other_index], waiting[index]
    for rank, row in enumerate(waiting, start=1):
        if row.waitlist_rank != rank:
            Registration.objects.filter(pk=row.pk).update(waitlist_rank=rank)
    registration.refresh_from_db()
    audit_log(
        actor=actor,
        action="events.waitlist.moved",
        obj=registration,
        data={"event": event.pk, "direction": "up" if up else "down"},
    )
    return registration


@transaction.atomic
def event_cancel(*, event: EventPage, actor: User, reason: str = "") -> int:
    """Call the event off: every active registration is cancelled and its
    participant told. Returns how many registrations were cancelled.

    Raises EventError ``forbidden`` or ``event_cancelled`` (already)."""
    event, state = event_lock(event_id=event.pk)
    ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało już odwołane."))
    now = timezone.now()
    state.cancelled_at = now
    state.cancellation_reason = reason.strip()
    state.save(update_fields=["cancelled_at", "cancellation_reason"])
    active = Registration.objects.filter(event=event).filter(
        Q(status__in=Registration.HOLDING) | Q(status=Status.WAITLISTED)
    )
    count = 0
    for registration in active.select_related("user"):
        _mark_cancelled(registration, now=now)
        registration.event = event
        _announce(registration, extra=_("Wydarzenie zostało odwołane."))
        count += 1
    audit_log(
        actor=actor,
        action="events.event.cancelled",
        obj=event,
        data={"reason": state.cancellation_reason, "registrations": count},
    )
    return count


def registration_offer_accept(
    *,
    registration: Registration,
    actor: User,
    now: datetime.datetime | None = None,
) -> Registration:
    """The waiting participant takes the place offered to them before the
    offer runs out: confirmed (or pending, when the event needs approval).

    Offers of the event that ran out are passed on first. When the
    participant's own offer is among them, that is kept (their registration
    cancelled, the place offered to the next person) and the acceptance is
    refused with ``offer_expired``.

    Raises EventError ``forbidden``, ``no_offer`` or ``offer_expired``."""
    now = now or timezone.now()
    # Not one atomic block around the whole call: passing on a lapsed offer
    # must be stored even though the acceptance is then refused.
    with transaction.atomic():
        registration, event = _locked_registration(registration)
        if actor.pk != registration.user_id:
            raise EventError(
                "forbidden", _("Tylko uczestnik może przyjąć zaproponowane miejsce.")
            )
        if (
            registration.status != Status.WAITLISTED
            or registration.offer_expires_at is None
        ):
            raise EventError(
                "no_offer",
                _("Nie ma dla Ciebie zaproponowanego miejsca do przyjęcia."),
            )
        _offers_refresh(event, actor=None, now=now)
        registration = Registration.objects.select_related("user").get(
            pk=registration.pk
        )
        registration.event = event
        lapsed = registration.status == Status.CANCELLED
        if not lapsed:
            registration.status = _place_status(event)
            registration.waitlist_rank = None
            registration.offer_expires_at = None
            registration.save(
                update_fields=[
                    "status",
                    "waitlist_rank",
                    "offer_expires_at",
                    "updated_at",
                ]
            )
            audit_log(
                actor=actor,
                action="events.registration.offer_accepted",
                obj=registration,
                data={"event": event.pk, "status": registration.status},
            )
            _announce(registration)
    if lapsed:
        raise EventError(
            "offer_expired",
            _(
                "Czas na przyjęcie miejsca minął; przechodzi ono na następną "
                "osobę z listy rezerwowej."
            ),
        )
    return registration


def waitlist_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Pass on every offered place whose time to accept has run out (run from
    cron and as a task; the services also do it for an event whenever they
    lock it). Each event in its own transaction. Returns how many offers
    lapsed."""
    now = now or timezone.now()
    event_ids = (
        Registration.objects.filter(status=Status.WAITLISTED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    lapsed = 0
    for event_id in list(event_ids):
        with transaction.atomic():
            event, _state = event_lock(event_id=event_id)
            lapsed += _offers_refresh(event, actor=None, now=now)
    return lapsed
