"""Reads of the events app, each with a fixed number of queries."""

import datetime
import pickle
from collections import Counter, OrderedDict

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from szkola.accounts.constants import Organiser
from szkola.accounts.models import User
from szkola.accounts.permissions import user_voivodeships_in_scope
from szkola.home.generations import cached_in_process

from .models import (
    Attendance,
    EventDay,
    EventKind,
    EventPage,
    EventState,
    Registration,
)
from .rules import manual_code, meets_rule
from .signals import places_held_back, places_held_back_for

Status = Registration.Status


def registration_get(*, pk: int) -> Registration | None:
    return (
        Registration.objects.select_related("user", "event", "event__state")
        .prefetch_related("event__days")
        .filter(pk=pk)
        .first()
    )


# The generation of every cached read of event pages for registration:
# renewed by any saved or deleted page, day, quota, view restriction or site,
# and by a moved page (see EventsConfig.ready).
EVENT_PAGES_GENERATION = "events:pages"


def event_for_registration(*, event_id: int) -> EventPage | None:
    """The live event a registration form posts to, with the days and quotas
    the form and ``registration_create`` read, its view restrictions
    (``event.registration_restrictions``) and its URL (``event.registration_url``).
    Its description (a StreamField) is left unread: only the page shown
    again with a form's errors needs it.

    A burst of registrations reads the same page hundreds of times: it comes
    from the cache, kept in each process, while no page, day, quota, view
    restriction or site has changed (one cache read instead of five queries).
    Each caller gets its own copy. The places taken are never cached: they
    are counted under the event's lock."""
    pickled = cached_in_process(
        EVENT_PAGES_GENERATION,
        f"registration:{event_id}",
        lambda: _event_for_registration_pickled(event_id),
    )
    return pickle.loads(pickled) if pickled is not None else None


def _event_for_registration_pickled(event_id: int) -> bytes | None:
    event = (
        EventPage.objects.live()
        .defer_streamfields()
        .prefetch_related("days", "quotas")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return None
    event.registration_restrictions = list(event.get_view_restrictions())
    event.registration_url = event.url
    return pickle.dumps(event, protocol=pickle.HIGHEST_PROTOCOL)


def _state(event: EventPage) -> EventState | None:
    try:
        return event.state
    except EventState.DoesNotExist:
        return None


def event_is_cancelled(event: EventPage) -> bool:
    state = _state(event)
    return bool(state and state.cancelled_at)


def event_index_context(*, index_page, request) -> dict:
    """Upcoming and past events under ``index_page``, filtered by kind and
    organiser from the query string, with the user's registration status."""
    kind = request.GET.get("rodzaj", "")
    organiser = request.GET.get("organizator", "")
    now = timezone.now()
    events = EventPage.objects.child_of(index_page).live().public()
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    if organiser in Organiser.values:
        events = events.filter(organiser=organiser)
    else:
        organiser = ""
    events = list(
        events.annotate(
            held_count=Count(
                "registrations",
                filter=Registration.holding_q("registrations__", open_at=now),
            )
        )
        .select_related("state")
        .prefetch_related("days")
    )
    statuses = {}
    if request.user.is_authenticated:
        statuses = dict(
            Registration.objects.filter(
                user=request.user, event__in=[e.pk for e in events]
            ).values_list("event_id", "status")
        )
    held_back = Counter()  # one ask for the list: {event id: places held back}
    for _r, a in places_held_back.send(sender=None, event_ids=[e.pk for e in events]):
        held_back.update({k: max(int(v), 0) for k, v in (a or {}).items()})
    today = timezone.localdate()
    upcoming, past = [], []
    for event in events:
        event.held_count += held_back[event.pk]
        event.my_status = statuses.get(event.pk, "")
        event.my_status_label = Status(event.my_status).label if event.my_status else ""
        event.places_left = max(event.effective_capacity - event.held_count, 0)
        event.is_cancelled = event_is_cancelled(event)
        last = event.date_to
        (past if last and last < today else upcoming).append(event)
    upcoming.sort(key=lambda e: e.date_from or datetime.date.max)
    past.sort(key=lambda e: e.date_from or datetime.date.min, reverse=True)
    return {
        "upcoming_events": upcoming,
        "past_events": past,
        "kind_choices": EventKind.choices,
        "organiser_choices": Organiser.choices,
        "selected_kind": kind,
        "selected_organiser": organiser,
    }


def programme_by_day(event: EventPage) -> list[dict]:
    """Programme grouped by day; within a day, items at the same time in
    different tracks form one row of parallel sessions."""
    items_by_date: dict = {}
    for item in sorted(
        event.programme_items.all(), key=lambda i: (i.date, i.start, i.sort_order or 0)
    ):
        items_by_date.setdefault(item.date, []).append(item)
    result = []
    for day in event.ordered_days:
        slots: OrderedDict = OrderedDict()
        for item in items_by_date.get(day.date, []):
            slots.setdefault((item.start, item.end), []).append(item)
        result.append(
            {
                "day": day,
                "slots": [
                    {"start": start, "end": end, "items": items}
                    for (start, end), items in slots.items()
                ],
                "tracks": sorted(
                    {i.track for i in items_by_date.get(day.date, []) if i.track}
                ),
            }
        )
    return result


def event_page_context(*, event: EventPage, request) -> dict:
    """Everything the event page shows, in a fixed number of queries (the
    programme read lazily, see below). When
    the page offers registration (``registration_offered``), the initial
    answers of its form are ``registration_initial``, taken from the user's
    ``registration_prefilled_from``; the view builds the form."""
    from django.db.models import prefetch_related_objects
    from django.utils.functional import SimpleLazyObject

    from .needs_selectors import registration_prefill

    # The programme and the speakers are read only when the page's shared
    # fragments are rendered, not when they come from the page cache
    # (templates/events/event_page.html).
    prefetch_related_objects([event], "days", "quotas")
    state = EventState.objects.filter(event=event).first()
    now = timezone.now()
    held = Registration.objects.filter(
        Registration.holding_q(open_at=now), event=event
    ).count() + places_held_back_for(event_id=event.pk)
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(
            event=event, user=request.user
        ).first()
    is_cancelled = bool(state and state.cancelled_at)
    window_open = event.registration_opens_at <= now <= event.registration_closes_at
    places_left = max(
        (state.capacity_for(event) if state else event.capacity) - held, 0
    )
    active = registration is not None and registration.status != Status.CANCELLED
    offered = window_open and not is_cancelled and not active
    prefilled_from, initial = (
        registration_prefill(event=event, user=request.user) if offered else (None, {})
    )
    return {
        "event": event,
        "event_state": state,
        "is_cancelled": is_cancelled,
        "programme": SimpleLazyObject(lambda: programme_by_day(event)),
        "places_left": places_left,
        "window_open": window_open,
        "registration_not_yet_open": now < event.registration_opens_at,
        "my_registration": registration if active else None,
        "my_waitlist_position": (
            waitlist_position(registration)
            if active and registration.status == Status.WAITLISTED
            else None
        ),
        "registration_offered": offered,
        "registration_initial": initial,
        "registration_prefilled_from": prefilled_from,
    }


def waitlist_position(registration: Registration) -> int:
    """1 for the first person waiting."""
    ahead = (
        Registration.objects.filter(
            event_id=registration.event_id, status=Status.WAITLISTED
        )
        .filter(
            Q(waitlist_rank__lt=registration.waitlist_rank)
            | Q(
                waitlist_rank=registration.waitlist_rank,
                created_at__lt=registration.created_at,
            )
        )
        .count()
    )
    return ahead + 1


def my_registrations(*, user: User) -> list[Registration]:
    """The user's registrations, newest event first, with waiting-list
    positions, in a fixed number of queries."""
    registrations = list(
        Registration.objects.filter(user=user)
        .select_related("event", "event__state")
        .prefetch_related("event__days")
    )
    waiting_event_ids = [
        r.event_id for r in registrations if r.status == Status.WAITLISTED
    ]
    queues: dict[int, list[int]] = {}
    for event_id, pk in (
        Registration.objects.filter(
            event_id__in=waiting_event_ids, status=Status.WAITLISTED
        )
        .order_by("waitlist_rank", "created_at", "pk")
        .values_list("event_id", "pk")
    ):
        queues.setdefault(event_id, []).append(pk)

    today = timezone.localdate()
    for registration in registrations:
        last_day = registration.event.date_to
        registration.is_ahead = bool(last_day and last_day >= today)
        registration.show_checkin = (
            registration.is_ahead and registration.status == Status.CONFIRMED
        )
        registration.manual_code = (
            manual_code(registration=registration) if registration.show_checkin else ""
        )
        queue = queues.get(registration.event_id, [])
        registration.waitlist_position = (
            queue.index(registration.pk) + 1 if registration.pk in queue else None
        )
    registrations.sort(
        key=lambda r: r.event.date_from or datetime.date.min, reverse=True
    )
    return registrations


def confirmed_events_for_feed(*, user: User) -> list[EventPage]:
    return list(
        EventPage.objects.filter(
            registrations__user=user, registrations__status=Status.CONFIRMED
        )
        .live()
        .select_related("state")
        .prefetch_related("days")
    )


def events_for_coordinator(*, user: User):
    """Events the user may coordinate."""
    scope = user_voivodeships_in_scope(user)
    events = EventPage.objects.all().order_by("-first_published_at", "-pk")
    if scope is not None:
        events = events.filter(organiser__in=scope)
    return events


def event_registrations(
    *, event: EventPage, status: str = "", voivodeship: str = "", query: str = ""
):
    """Registrations of an event for the coordinator's list."""
    registrations = Registration.objects.filter(event=event).select_related("user")
    if status in Status.values:
        registrations = registrations.filter(status=status)
    if voivodeship:
        registrations = registrations.filter(voivodeship=voivodeship)
    if query:
        registrations = registrations.filter(
            Q(participant_name__icontains=query)
            | Q(institution_name__icontains=query)
            | Q(user__email__icontains=query)
        )
    return registrations.order_by("status", "waitlist_rank", "created_at", "pk")


def day_checkin_list(*, day: EventDay, query: str = "") -> list[Registration]:
    """Confirmed participants of the day's event with their attendance that
    day, ordered by name."""
    registrations = Registration.objects.filter(
        event_id=day.page_id, status=Status.CONFIRMED
    ).order_by(Lower("participant_name"), "pk")
    if query:
        registrations = registrations.filter(
            Q(participant_name__icontains=query) | Q(institution_name__icontains=query)
        )
    registrations = list(
        registrations.prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(day=day).select_related("marked_by"),
                to_attr="day_attendance",
            )
        )
    )
    for registration in registrations:
        registration.attendance = (
            registration.day_attendance[0] if registration.day_attendance else None
        )
        registration.is_present = bool(
            registration.attendance and registration.attendance.present
        )
    return registrations


def day_present_count(*, day: EventDay) -> int:
    return Attendance.objects.filter(day=day, present=True).count()


def finished_open_event_ids(*, now: datetime.datetime) -> list[int]:
    """Events whose attendance is due to be closed automatically: the last
    day has ended by ``now`` (its end time, in the project's time zone),
    at least one attendance record exists, and the event is neither
    cancelled nor closed. Ordered by id."""
    today = timezone.localdate(now, timezone.get_default_timezone())
    candidates = (
        EventPage.objects.annotate(last_date=Max("days__date"))
        .filter(last_date__lte=today)
        .filter(Exists(Attendance.objects.filter(registration__event=OuterRef("pk"))))
        .exclude(state__cancelled_at__isnull=False)
        .exclude(state__attendance_closed_at__isnull=False)
        .prefetch_related("days")
        .order_by("pk")
    )
    return [event.pk for event in candidates if event.ends_at() <= now]


def desk_registrations(*, event: EventPage):
    """Registrations of one event for the coordinator's desk."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "event", "added_by")
        .order_by("status", "waitlist_rank", "created_at", "pk")
    )


def registrations_in_scope(*, user: User):
    """Every registration of the events ``user`` coordinates."""
    scope = user_voivodeships_in_scope(user)
    registrations = Registration.objects.select_related("user", "event", "added_by")
    if scope is not None:
        registrations = registrations.filter(event__organiser__in=scope)
    return registrations.order_by("-created_at", "-pk")


def attendance_close_preview(*, event: EventPage) -> dict[str, list[Registration]]:
    """What closing the attendance would do, per confirmed participant:
    ``completing`` (meets the rule now), ``not_meeting`` and ``already``
    (completed before)."""

    present: dict[int, set[int]] = {}
    for registration_id, day_id in Attendance.objects.filter(
        registration__event=event, present=True
    ).values_list("registration_id", "day_id"):
        present.setdefault(registration_id, set()).add(day_id)
    result: dict[str, list[Registration]] = {
        "completing": [],
        "not_meeting": [],
        "already": [],
    }
    for registration in Registration.objects.filter(
        event=event, status=Status.CONFIRMED
    ).order_by(Lower("participant_name"), "pk"):
        if registration.completed_at:
            result["already"].append(registration)
        elif meets_rule(
            event=event, present_day_ids=present.get(registration.pk, set())
        ):
            result["completing"].append(registration)
        else:
            result["not_meeting"].append(registration)
    return result


# --- For the programme app (learning paths, team pages) ----------------------


def completed_events(*, user_ids: list[int]) -> list[dict]:
    """Events the given people completed (the attendance rule held), as plain
    rows: ``{"user_id", "event_id", "kind", "title", "hours", "date_from",
    "date_to"}``; two queries whatever the number."""
    rows = (
        Registration.objects.filter(user_id__in=user_ids, completed_at__isnull=False)
        .select_related("event")
        .prefetch_related("event__days")
        .order_by("completed_at", "pk")
    )
    return [
        {
            "user_id": r.user_id,
            "event_id": r.event_id,
            "kind": r.event.kind,
            "title": r.event.title,
            "hours": r.event.total_hours,
            "date_from": r.event.date_from,
            "date_to": r.event.date_to,
        }
        for r in rows
    ]


def registrations_of_users(*, user_ids: list[int]) -> dict[int, list[Registration]]:
    """Per person, their registrations with the event and its days (for a
    team page), newest event first."""
    result: dict[int, list[Registration]] = {}
    rows = (
        Registration.objects.filter(user_id__in=user_ids)
        .exclude(status=Status.CANCELLED)
        .select_related("event")
        .prefetch_related("event__days")
    )
    for registration in sorted(
        rows, key=lambda r: r.event.date_from or datetime.date.min, reverse=True
    ):
        result.setdefault(registration.user_id, []).append(registration)
    return result


def open_events_for_registration(*, now: datetime.datetime, event_ids: list[int]):
    """Of ``event_ids``, the live events whose registration is open at ``now``."""
    return list(
        EventPage.objects.live()
        .filter(
            pk__in=event_ids,
            registration_opens_at__lte=now,
            registration_closes_at__gte=now,
        )
        .prefetch_related("days")
        .order_by("registration_closes_at", "pk")
    )
