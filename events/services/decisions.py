"""A coordinator's decisions on registrations: approve, reject (with a reason
the participant is sent) and cancel, one at a time or several at once. Each
locks the event (``places.event_lock``); a freed place goes to the first
person waiting (``waitlist.waitlist_promote``)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from ..errors import EventError
from ..models import EventPage, Registration
from .notices import registration_notice
from .places import ensure_coordinator, event_lock, mark_cancelled
from .waitlist import offers_refresh, waitlist_promote

Status = Registration.Status


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
    registration_notice(
        registration, extra=_reason_line(reason) if not approve else None
    )
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
        waitlist_promote(event, actor=actor, now=now)
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
    offers_refresh(event, actor=actor, now=now)
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
        mark_cancelled(registration, now=now)
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
        registration_notice(registration, extra=_reason_line(reason))
        count += 1
    if freed:
        waitlist_promote(event, actor=actor, now=now)
    return count
