"""The coordinator's panel on the admin dashboard: their voivodeship's
coming events with places taken, approvals waiting, and finished events
whose attendance list still waits to be closed."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .admin_views import user_may_coordinate
from .models import EventPage, Registration
from .selectors import events_for_coordinator

Status = Registration.Status
UPCOMING_LIMIT = 10


@dataclass
class UpcomingEvent:
    event: EventPage
    first_date: datetime.date
    last_date: datetime.date
    taken: int
    pending: int
    waiting: int


@dataclass
class UnclosedEvent:
    event: EventPage
    last_date: datetime.date
    days_waiting: int


def _with_counts(events):
    return events.annotate(
        first_date=Min("days__date"),
        last_date=Max("days__date"),
        confirmed=Count(
            "registrations",
            filter=Q(registrations__status=Status.CONFIRMED),
            distinct=True,
        ),
        pending=Count(
            "registrations",
            filter=Q(registrations__status=Status.PENDING),
            distinct=True,
        ),
        waiting=Count(
            "registrations",
            filter=Q(registrations__status=Status.WAITLISTED),
            distinct=True,
        ),
    )


def coordinator_dashboard(*, user, now: datetime.datetime | None = None) -> dict:
    """Events in the user's scope (see ``events_for_coordinator``): coming
    or running ones (first ``UPCOMING_LIMIT``, soonest first), how many
    approvals wait in total, and finished ones whose attendance list is
    not closed, with the days since their last day."""
    now = now or timezone.now()
    today = timezone.localdate(now, timezone.get_default_timezone())
    events = _with_counts(
        events_for_coordinator(user=user)
        .filter(live=True)
        .exclude(state__cancelled_at__isnull=False)
    ).order_by()
    upcoming = [
        UpcomingEvent(
            event=e,
            first_date=e.first_date,
            last_date=e.last_date,
            taken=e.confirmed + e.pending,
            pending=e.pending,
            waiting=e.waiting,
        )
        for e in events.filter(last_date__gte=today).order_by("first_date", "pk")[
            :UPCOMING_LIMIT
        ]
    ]
    pending_total = Registration.objects.filter(
        event__in=events_for_coordinator(user=user).exclude(
            state__cancelled_at__isnull=False
        ),
        status=Status.PENDING,
    ).count()
    finished = (
        events.filter(last_date__lte=today)
        .exclude(state__attendance_closed_at__isnull=False)
        .prefetch_related("days")
        .order_by("last_date", "pk")
    )
    unclosed = [
        UnclosedEvent(
            event=e, last_date=e.last_date, days_waiting=(today - e.last_date).days
        )
        for e in finished
        if e.ends_at() <= now
    ]
    return {"upcoming": upcoming, "pending_total": pending_total, "unclosed": unclosed}


class CoordinatorEventsPanel(Component):
    name = "coordinator_events"
    order = 60
    template_name = "events/admin/dashboard/coordinator_panel.html"

    class Media:
        css = {"all": ["css/staff-dashboard.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context.update(coordinator_dashboard(user=self.request.user))
        return context


def dashboard_panels(request) -> list[Component]:
    if user_may_coordinate(request.user):
        return [CoordinatorEventsPanel(request)]
    return []
