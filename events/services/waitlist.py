"""The waiting list: freed places passed on (at once or as a time-limited
offer), offers accepted or lapsed, and coordinators reordering the list.
``waitlist_next_rank``, ``offers_refresh`` and ``waitlist_promote`` are the
seam the other registration services use; call them with the event locked
(``places.event_lock``)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from ..errors import EventError
from ..messaging import registration_announce
from ..models import EventPage, Registration
from .notices import registration_notice
from .places import (
    capacity_now,
    ensure_coordinator,
    event_lock,
    holding_counts,
    mark_cancelled,
    place_status,
    quota_for,
)

Status = Registration.Status


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
        title=Text(N_("Zwolniło się miejsce: %(title)s"), values),
        body=Text(
            N_(
                "Zwolniło się miejsce na wydarzeniu „%(title)s” i czeka na Ciebie. "
                "Przyjmij je do %(deadline)s na stronie „Moje zapisy”; potem "
                "przejdzie na następną osobę z listy rezerwowej."
            ),
            values,
        ),
    )


def waitlist_next_rank(event: EventPage) -> int:
    """The rank a person joining the end of the event's waiting list gets."""
    top = Registration.objects.filter(event=event).aggregate(m=Max("waitlist_rank"))
    return (top["m"] or 0) + 1


def offers_refresh(
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
        mark_cancelled(registration, now=now)
        registration.event = event
        audit_log(
            actor=actor,
            action="events.registration.offer_lapsed",
            obj=registration,
            data={"event": event.pk},
        )
        registration_notice(
            registration,
            extra=Text(
                N_("Nie przyjęto zaproponowanego miejsca w wyznaczonym czasie.")
            ),
        )
    if lapsed:
        waitlist_promote(event, actor=actor, now=now)
    return len(lapsed)


def waitlist_promote(
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
    held, per_voivodeship = holding_counts(event)
    free = capacity_now(event) - held
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
        quota = quota_for(event, registration.voivodeship)
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
        registration.status = place_status(event)
        registration.waitlist_rank = None
        registration.save(update_fields=["status", "waitlist_rank", "updated_at"])
        audit_log(
            actor=actor,
            action="events.registration.promoted",
            obj=registration,
            data={"event": event.pk, "status": registration.status},
        )
        registration_notice(
            registration,
            extra=Text(N_("Zwolniło się miejsce i otrzymujesz je z listy rezerwowej.")),
        )
        promoted.append(registration)
    return promoted


def registration_lock(
    registration: Registration, *, refresh_offers_at: datetime.datetime | None = None
) -> tuple[Registration, EventPage]:
    """Lock the registration's event and read the registration afresh; with
    ``refresh_offers_at``, lapsed offers are passed on first."""
    event, _state = event_lock(event_id=registration.event_id)
    if refresh_offers_at is not None:
        offers_refresh(event, actor=None, now=refresh_offers_at)
    fresh = Registration.objects.select_related("user").get(pk=registration.pk)
    fresh.event = event
    return fresh, event


@transaction.atomic
def waitlist_move(*, registration: Registration, actor: User, up: bool) -> Registration:
    """Move a waiting person one place up or down the waiting list.

    Raises EventError ``forbidden``, ``not_waitlisted``, ``offered`` (a freed
    place was offered to them: their rank no longer matters, and the offer
    is either taken or passed on) or ``edge`` (already first or last)."""
    registration, event = registration_lock(registration)
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
        registration, event = registration_lock(registration)
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
        offers_refresh(event, actor=None, now=now)
        registration = Registration.objects.select_related("user").get(
            pk=registration.pk
        )
        registration.event = event
        lapsed = registration.status == Status.CANCELLED
        if not lapsed:
            registration.status = place_status(event)
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
            registration_notice(registration)
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
            lapsed += offers_refresh(event, actor=None, now=now)
    return lapsed
