"""Places an event keeps for teams: how many each team has used and how
many are still held back from everyone else.

The events app asks through its ``places_held_back`` signal (it never
imports this app): a team's unused places count as taken for any other
participant, the waiting list and the event page. While an animator
registers members on the team's places (``registering_on``), one of those
places is released for each registration in turn.
"""

import contextvars
import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone

from events.models import Registration
from szkola.accounts.permissions import user_voivodeships_in_scope

from .models import Team, TeamEventPlaces, TeamRegistration

# The TeamEventPlaces id an animator is registering on, in this context.
_registering_on: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "programme_registering_on", default=None
)


def team_places_used(*, places: TeamEventPlaces) -> int:
    """Registrations made on the team's places that still hold a place."""
    return TeamRegistration.objects.filter(
        Registration.holding_q("registration__"), places=places
    ).count()


def _unused_by_reservation(reserved: QuerySet[TeamEventPlaces]):
    """(reservation id, event id, places not taken yet), one query."""
    rows = reserved.annotate(
        used=Count(
            "registrations",
            filter=Registration.holding_q("registrations__registration__"),
        )
    ).values_list("pk", "event_id", "places", "used")
    registering = _registering_on.get()
    for pk, event_id, places, used in rows:
        free = places - used - (1 if pk == registering else 0)
        yield pk, event_id, max(free, 0)


def team_places_held_back(*, event_id: int, exclude_id: int | None = None) -> int:
    """Places of the event reserved for teams and not taken yet, summed
    over its teams (leaving out the reservation ``exclude_id``), in one
    query. During ``registering_on(places)`` that team's next registration
    may take one of its own places.

    Asked under the event's lock on every registration for the event, so
    the statement is written out rather than compiled by the ORM each time
    (``_unused_by_reservation`` is the same count for many events)."""
    holding, holding_params = Registration.holding_sql("r")
    quote = connection.ops.quote_name
    sql = (
        f"SELECT p.id, p.places, COUNT(r.id) FILTER (WHERE {holding})"
        f" FROM {quote(TeamEventPlaces._meta.db_table)} p"
        f" LEFT JOIN {quote(TeamRegistration._meta.db_table)} t"
        " ON t.places_id = p.id"
        f" LEFT JOIN {quote(Registration._meta.db_table)} r"
        " ON r.id = t.registration_id"
        " WHERE p.event_id = %s GROUP BY p.id, p.places"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*holding_params, event_id])
        rows = cursor.fetchall()
    registering = _registering_on.get()
    return sum(
        max(places - used - (1 if pk == registering else 0), 0)
        for pk, places, used in rows
        if pk != exclude_id
    )


def team_places_held_back_by_event(*, event_ids: list[int]) -> dict[int, int]:
    """``team_places_held_back`` for many events at once (one query), for
    lists of events."""
    totals = dict.fromkeys(event_ids, 0)
    reserved = TeamEventPlaces.objects.filter(event_id__in=event_ids)
    for _pk, event_id, free in _unused_by_reservation(reserved):
        totals[event_id] += free
    return totals


@contextmanager
def registering_on(places: TeamEventPlaces):
    """Registrations made inside take a place from ``places`` (the team's
    pool) rather than from the places open to everyone."""
    token = _registering_on.set(places.pk)
    try:
        yield
    finally:
        _registering_on.reset(token)


def team_places_in_scope(*, user) -> QuerySet[TeamEventPlaces]:
    """Reservations of the teams of the coordinator's voivodeships."""
    rows = TeamEventPlaces.objects.select_related("team", "event")
    scope = user_voivodeships_in_scope(user)
    return rows if scope is None else rows.filter(team__voivodeship__in=scope)


@dataclass
class PlacesRow:
    places: TeamEventPlaces
    used: int
    registration_open: bool

    @property
    def left(self) -> int:
        return max(self.places.places - self.used, 0)


def team_places(*, team: Team, now: datetime.datetime | None = None) -> list[PlacesRow]:
    """Events that keep places for the team, with how many are taken."""

    now = now or timezone.now()
    rows = list(
        TeamEventPlaces.objects.filter(team=team)
        .select_related("event")
        .annotate(
            used=Count(
                "registrations",
                filter=Registration.holding_q("registrations__registration__"),
            )
        )
        .order_by("event__registration_closes_at", "pk")
    )
    return [
        PlacesRow(
            places=row,
            used=row.used,
            registration_open=(
                row.event.live
                and row.event.registration_opens_at
                <= now
                <= row.event.registration_closes_at
            ),
        )
        for row in rows
    ]
