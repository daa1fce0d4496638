"""Reminders before an event: once per confirmed registration, the practical
details and the calendar file, a set number of days before the first day
(``EventPage.reminder_days_before``). Run by ``manage.py
send_event_reminders`` (cron) or the task
``events.scheduled.event_reminders_task``; the emails are
``events.emails.registration_reminder_email``, sent by a task."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.home.emails import emails_are_muted
from szkola.live.services import notify
from szkola.live.texts import Text

from ..errors import EventError
from ..models import EventPage, Registration
from ..models.messages import RegistrationReminder
from .messages import event_history_log
from .places import ensure_coordinator, event_lock

Status = Registration.Status
# Longest "days before" an editor may set (the field's validator agrees).
MAX_DAYS_BEFORE = 60


@dataclass
class RemindersSent:
    events: int
    reminded: int


def _starts_at(event: EventPage) -> datetime.datetime | None:
    days = event.ordered_days
    if not days:
        return None
    return timezone.make_aware(
        datetime.datetime.combine(days[0].date, days[0].start),
        timezone.get_default_timezone(),
    )


def _unreminded_confirmed():
    return Registration.objects.filter(status=Status.CONFIRMED).exclude(
        Exists(RegistrationReminder.objects.filter(registration=OuterRef("pk")))
    )


def events_due_for_reminders(*, now: datetime.datetime) -> list[int]:
    """Published events, not cancelled, not started by ``now``, whose first
    day is at most ``reminder_days_before`` days away (by the calendar in the
    project's time zone) and who have confirmed people not reminded yet."""
    today = timezone.localdate(now, timezone.get_default_timezone())
    candidates = (
        EventPage.objects.live()
        .filter(reminder_days_before__gt=0)
        .annotate(first_date=Min("days__date"))
        .filter(
            first_date__gte=today,
            first_date__lte=today + datetime.timedelta(days=MAX_DAYS_BEFORE),
        )
        .exclude(state__cancelled_at__isnull=False)
        .filter(Exists(_unreminded_confirmed().filter(event=OuterRef("pk"))))
        .prefetch_related("days")
        .order_by("pk")
    )
    return [
        event.pk
        for event in candidates
        if event.first_date - datetime.timedelta(days=event.reminder_days_before)
        <= today
        and _starts_at(event) > now
    ]


def _remind(*, event_id: int, actor: User | None, now: datetime.datetime) -> int:
    """Remind the event's confirmed people not reminded yet (under the event
    lock, so two runs at once remind nobody twice). Returns how many."""
    event, state = event_lock(event_id=event_id)
    if actor is not None:
        ensure_coordinator(actor=actor, event=event)
    if state.cancelled_at:
        raise EventError(
            "event_cancelled",
            _("Wydarzenie zostało odwołane: przypomnień o nim się nie wysyła."),
        )
    starts_at = _starts_at(event)
    if starts_at is None or starts_at <= now:
        raise EventError(
            "event_started",
            _("Wydarzenie już się zaczęło albo odbyło: przypomnienie jest spóźnione."),
        )
    registrations = list(
        _unreminded_confirmed().filter(event=event).select_related("user")
    )
    if not registrations:
        return 0
    RegistrationReminder.objects.bulk_create(
        RegistrationReminder(registration=registration, sent_at=now)
        for registration in registrations
    )
    url = reverse("events:my_registrations")
    first = event.ordered_days[0]
    for registration in registrations:
        notify(
            registration.user,
            title=Text(N_("Przypomnienie: %(title)s"), {"title": event.title}),
            body=Text(
                N_("Czekamy na Ciebie %(date)s o %(time)s: %(venue)s."),
                {
                    "date": f"{first.date:%d.%m.%Y}",
                    "time": f"{first.start:%H:%M}",
                    "venue": event.venue_name,
                },
            ),
            url=url,
            kind="event",
        )
    data = {"reminded": len(registrations), "automatic": actor is None}
    audit_log(actor=actor, action="events.reminders.sent", obj=event, data=data)

    event_history_log(event, actor=actor, action="events.reminders_sent", data=data)
    if not emails_are_muted():
        from ..tasks import registration_reminder_email_task

        ids = [registration.pk for registration in registrations]
        transaction.on_commit(
            lambda: [registration_reminder_email_task.enqueue(pk) for pk in ids]
        )
    return len(registrations)


def event_reminders_send(*, now: datetime.datetime | None = None) -> RemindersSent:
    """Send every reminder that is due (see ``events_due_for_reminders``),
    each event in its own transaction. Running again reminds nobody twice."""
    now = now or timezone.now()
    events = reminded = 0
    for event_id in events_due_for_reminders(now=now):
        try:
            with transaction.atomic():
                count = _remind(event_id=event_id, actor=None, now=now)
        except EventError:
            # Cancelled or moved since it was selected: nothing to remind.
            continue
        if count:
            events += 1
            reminded += count
    return RemindersSent(events=events, reminded=reminded)


@transaction.atomic
def event_reminders_send_now(
    *, event: EventPage, actor: User | None, now: datetime.datetime | None = None
) -> int:
    """Remind the confirmed people of one event now, whatever its
    "days before" (a coordinator's or an operator's request). People
    reminded before are left out. Returns how many were reminded.

    Raises EventError ``forbidden``, ``event_cancelled`` or
    ``event_started``."""
    return _remind(event_id=event.pk, actor=actor, now=now or timezone.now())
