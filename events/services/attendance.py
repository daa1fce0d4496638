"""Check-in at the door, attendance corrections and completion."""

import datetime
import re
from typing import NamedTuple

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.push import push_on_commit

from ..errors import EventError
from ..models import Attendance, EventDay, EventPage, Registration
from ..rules import checkin_group, checkin_signer, meets_rule
from ..selectors import finished_open_event_ids
from ..signals import event_completed
from .places import ensure_coordinator, event_lock

Status = Registration.Status
Method = Attendance.Method


def _registration_for_token(*, event: EventPage, token: str) -> Registration:
    token = token.strip()
    if ":" in token:
        try:
            code = checkin_signer(event.pk).unsign(token)
        except signing.BadSignature as error:
            raise EventError(
                "bad_token",
                _("Ten kod nie jest ważny dla tego wydarzenia."),
            ) from error
    else:
        # Typed by hand: the 64-bit random code alone, looked up only among
        # this event's registrations (unguessable, and useless elsewhere).
        code = re.sub(r"[\s-]", "", token).lower()
        if not re.fullmatch(r"[0-9a-f]{16}", code):
            raise EventError(
                "bad_token", _("Ten kod nie jest ważny dla tego wydarzenia.")
            )
    registration = (
        Registration.objects.filter(event=event, checkin_code=code)
        .select_related("user")
        .first()
    )
    if registration is None:
        raise EventError("bad_token", _("Ten kod nie jest ważny dla tego wydarzenia."))
    return registration


def _present_count(day: EventDay) -> int:
    return Attendance.objects.filter(day=day, present=True).count()


def _mark(
    *,
    registration: Registration,
    day: EventDay,
    actor: User,
    present: bool,
    method: str,
    now: datetime.datetime,
) -> tuple[Attendance, bool]:
    attendance = (
        Attendance.objects.select_for_update()
        .filter(registration=registration, day=day)
        .first()
    )
    if attendance is not None and attendance.present == present:
        return attendance, False
    before = None if attendance is None else attendance.present
    if attendance is None:
        attendance = Attendance(registration=registration, day=day)
    attendance.present = present
    attendance.marked_at = now
    attendance.marked_by = actor
    attendance.method = method
    attendance.save()
    audit_log(
        actor=actor,
        action=(
            "events.attendance.corrected"
            if method == Method.CORRECTION
            else "events.attendance.marked"
        ),
        obj=registration,
        data={
            "day": day.pk,
            "date": day.date.isoformat(),
            "before": before,
            "present": present,
            "method": method,
        },
    )
    return attendance, True


@transaction.atomic
def checkin(
    *,
    day: EventDay,
    actor: User,
    registration: Registration | None = None,
    token: str = "",
    method: str = Method.LIST,
    present: bool = True,
    now: datetime.datetime | None = None,
) -> tuple[Attendance, bool]:
    """Mark a confirmed participant present (or not) on ``day``, at the door,
    on that day only. Identify them by ``registration`` (from the list) or by
    the signed ``token`` of their QR code. Returns ``(attendance, changed)``;
    after commit the day's live board gets the new count.

    Raises EventError ``forbidden``, ``event_cancelled``, ``not_today``,
    ``bad_token`` (forged, or another event's), ``not_found`` or
    ``not_confirmed``."""
    now = now or timezone.now()
    event, state = event_lock(event_id=day.page_id)
    ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    if day.date != timezone.localdate(now):
        raise EventError(
            "not_today",
            _(
                "Obecność przy wejściu można zaznaczać tylko w dniu wydarzenia "
                "(%(date)s)."
            )
            % {"date": day.date.strftime("%d.%m.%Y")},
        )
    if token:
        registration = _registration_for_token(event=event, token=token)
    elif registration is None or registration.event_id != event.pk:
        raise EventError("not_found", _("Nie znaleziono zgłoszenia."))
    else:
        registration = Registration.objects.select_related("user").get(
            pk=registration.pk
        )
    if registration.status != Status.CONFIRMED:
        raise EventError(
            "not_confirmed",
            _("%(name)s nie ma potwierdzonego miejsca (status: %(status)s).")
            % {
                "name": registration.participant_name,
                "status": registration.get_status_display(),
            },
        )
    attendance, changed = _mark(
        registration=registration,
        day=day,
        actor=actor,
        present=present,
        method=method,
        now=now,
    )
    if changed:
        _push_to_board(day=day, registration=registration, present=present)
    return attendance, changed


def _push_to_board(*, day: EventDay, registration: Registration, present: bool):
    """Tell the day's live board, after commit, that someone arrived or was
    unmarked (a check-in at the door or a coordinator's correction)."""
    push_on_commit(
        checkin_group(day.pk),
        {
            "type": "checkin",
            "registration_id": registration.pk,
            "name": registration.participant_name,
            "institution": registration.institution_name,
            "present": present,
            "present_count": _present_count(day),
        },
    )


@transaction.atomic
def attendance_correct(
    *,
    day: EventDay,
    registration: Registration,
    actor: User,
    present: bool,
    now: datetime.datetime | None = None,
) -> tuple[Attendance, bool]:
    """A coordinator's correction of attendance on a day that has begun
    (usually after the event). Audited; once attendance is closed, a
    correction that makes the participant meet the rule completes them.

    Raises EventError ``forbidden``, ``future_day`` or ``not_found``."""
    now = now or timezone.now()
    event, state = event_lock(event_id=day.page_id)
    ensure_coordinator(actor=actor, event=event)
    if registration.event_id != event.pk:
        raise EventError("not_found", _("Nie znaleziono zgłoszenia."))
    if day.date > timezone.localdate(now):
        raise EventError(
            "future_day",
            _("Nie można zaznaczyć obecności na dzień, który nie nastąpił."),
        )
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    attendance, changed = _mark(
        registration=registration,
        day=day,
        actor=actor,
        present=present,
        method=Method.CORRECTION,
        now=now,
    )
    if changed:
        _push_to_board(day=day, registration=registration, present=present)
    if changed and state.attendance_closed_at:
        registration.event = event
        _complete_if_due(event=event, registration=registration, actor=actor, now=now)
    return attendance, changed


def completion_source(*, event: EventPage, registration: Registration) -> dict:
    """The payload of ``event_completed`` (see events/signals.py)."""
    programme = [
        {"topic": item.title, "hours": str(item.hours)}
        for item in sorted(
            event.programme_items.all(),
            key=lambda i: (i.date, i.start, i.sort_order or 0),
        )
        if item.hours > 0
    ]
    return {
        "kind": "event",
        "id": event.pk,
        "title": event.title,
        "hours": str(event.total_hours),
        "date_from": event.date_from.isoformat(),
        "date_to": event.date_to.isoformat(),
        "place": event.city,
        "organiser": event.organiser,
        "programme": programme,
        "form": str(event.get_kind_display()),
        "language": "pl",
        "completion_id": registration.pk,
    }


def _complete_if_due(
    *,
    event: EventPage,
    registration: Registration,
    actor: User | None,
    now: datetime.datetime,
    present_day_ids: set[int] | None = None,
) -> bool:
    if registration.completed_at or registration.status != Status.CONFIRMED:
        return False
    if present_day_ids is None:
        present_day_ids = set(
            Attendance.objects.filter(
                registration=registration, present=True
            ).values_list("day_id", flat=True)
        )
    if not meets_rule(event=event, present_day_ids=present_day_ids):
        return False
    # Recorded once: the conditional update wins only for the first caller.
    updated = Registration.objects.filter(
        pk=registration.pk, completed_at__isnull=True
    ).update(completed_at=now)
    if not updated:
        return False
    registration.completed_at = now
    audit_log(
        actor=actor,
        action="events.registration.completed",
        obj=registration,
        data={"event": event.pk},
    )
    user_id, source = (
        registration.user_id,
        completion_source(event=event, registration=registration),
    )
    transaction.on_commit(
        lambda: event_completed.send(
            sender=Registration, user_id=user_id, source=source
        )
    )
    return True


def _attendance_close(
    *,
    event_id: int,
    actor: User | None,
    now: datetime.datetime,
    only_if_open: bool = False,
) -> tuple[bool, int]:
    """Close the attendance of one event; the one implementation behind the
    coordinator's action (``actor`` = the coordinator) and the automatic
    close (``actor=None``, ``only_if_open=True``: an event closed in the
    meantime is left alone). Runs inside the caller's transaction, under the
    event lock. Returns ``(closed_now, completed)``.

    Raises EventError ``forbidden``, ``event_cancelled`` or ``not_over``."""
    event, state = event_lock(event_id=event_id)
    if actor is not None:
        ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError("event_cancelled", _("To wydarzenie zostało odwołane."))
    ends_at = event.ends_at()
    if ends_at is None or now < ends_at:
        raise EventError(
            "not_over", _("Listę obecności można zamknąć po ostatnim dniu wydarzenia.")
        )
    closed_now = not state.attendance_closed_at
    if only_if_open and not closed_now:
        return False, 0
    event = EventPage.objects.prefetch_related("days", "quotas", "programme_items").get(
        pk=event.pk
    )
    if closed_now:
        state.attendance_closed_at = now
        state.attendance_closed_by = actor
        state.save(update_fields=["attendance_closed_at", "attendance_closed_by"])
        audit_log(
            actor=actor,
            action="events.attendance.closed",
            obj=event,
            data={"automatic": actor is None},
        )
    present: dict[int, set[int]] = {}
    for registration_id, day_id in Attendance.objects.filter(
        registration__event=event, present=True
    ).values_list("registration_id", "day_id"):
        present.setdefault(registration_id, set()).add(day_id)
    completed = 0
    for registration in Registration.objects.filter(
        event=event, status=Status.CONFIRMED, completed_at__isnull=True
    ):
        if _complete_if_due(
            event=event,
            registration=registration,
            actor=actor,
            now=now,
            present_day_ids=present.get(registration.pk, set()),
        ):
            completed += 1
    return closed_now, completed


@transaction.atomic
def attendance_close(
    *, event: EventPage, actor: User, now: datetime.datetime | None = None
) -> int:
    """Close the attendance of an event whose last day is over: everyone
    confirmed who meets the attendance rule is complete (recorded once,
    announced with ``event_completed`` after commit). Closing again only
    completes people not completed before. Returns how many were completed.

    Raises EventError ``forbidden``, ``event_cancelled`` or ``not_over``."""
    _, completed = _attendance_close(
        event_id=event.pk, actor=actor, now=now or timezone.now()
    )
    return completed


class FinishedClose(NamedTuple):
    """What one run of the automatic close did."""

    events: int
    completed: int


def finished_events_close(*, now: datetime.datetime | None = None) -> FinishedClose:
    """The automatic close (run from cron and as a task): close the
    attendance of every event whose last day has ended (its end time on the
    last day, in the project's time zone), that has at least one attendance
    record and is neither cancelled nor closed yet — exactly as a
    coordinator would, with no actor in the audit. Each event in its own
    transaction; running again closes and completes nobody twice."""
    now = now or timezone.now()
    events = completed = 0
    for event_id in finished_open_event_ids(now=now):
        try:
            with transaction.atomic():
                closed_now, count = _attendance_close(
                    event_id=event_id, actor=None, now=now, only_if_open=True
                )
        except EventError:
            # Cancelled or moved later since it was selected: not finished.
            continue
        if closed_now:
            events += 1
            completed += count
    return FinishedClose(events=events, completed=completed)
