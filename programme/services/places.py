"""Places an event reserves for a PZK team: reserve them, and register the
team's members on them (see ``programme.team_places`` for how they are held
back from everyone else)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import EventPage, Registration
from events.services import event_lock, registration_create
from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_act_on_voivodeship
from szkola.accounts.services import audit_log

from ..errors import ProgrammeError
from ..models import Team, TeamEventPlaces, TeamMember, TeamRegistration
from ..team_places import registering_on, team_places_held_back, team_places_used
from .common import ensure_coordinator


@transaction.atomic
def team_places_save(*, actor: User, places: TeamEventPlaces) -> TeamEventPlaces:
    """Reserve (or change) places at an event for a team. The actor must
    coordinate the event's organiser and the team's voivodeship; fewer places
    than the team already uses are refused. Raises ProgrammeError
    ``forbidden``, ``bad_input`` or ``places``."""
    event = EventPage.objects.get(pk=places.event_id)
    team = Team.objects.get(pk=places.team_id)
    ensure_coordinator(actor=actor, organiser=event.organiser)
    ensure_coordinator(actor=actor, organiser=team.voivodeship)
    if (places.places or 0) < 1:
        raise ProgrammeError("bad_input", _("Podaj co najmniej jedno miejsce."))
    if (places.places or 0) > event.capacity:
        raise ProgrammeError(
            "places",
            _("Wydarzenie ma tylko %(n)s miejsc.") % {"n": event.capacity},
        )
    _event, state = event_lock(event_id=event.pk)
    used = team_places_used(places=places) if places.pk else 0
    if places.places < used:
        raise ProgrammeError(
            "places",
            _(
                "Zespół zajął już %(used)s miejsc: nie można ich zmniejszyć poniżej tej liczby."
            )
            % {"used": used},
        )
    # The unused places become held back from everyone else: they must be
    # free now (registrations holding a place, other teams' pools).
    taken = Registration.objects.filter(
        Registration.holding_q(), event=event
    ).count() + team_places_held_back(event_id=event.pk, exclude_id=places.pk)
    free = state.capacity_for(event) - taken
    if places.places - used > free:
        raise ProgrammeError(
            "places",
            ngettext(
                # Translators: pl-few: "zostały %(n)s wolne miejsca"
                "Na wydarzeniu zostało %(n)s wolne miejsce: tylu miejsc nie "
                "można zarezerwować dla zespołu. Nic nie zmieniono.",
                "Na wydarzeniu zostało %(n)s wolnych miejsc: tylu miejsc nie "
                "można zarezerwować dla zespołu. Nic nie zmieniono.",
                max(free, 0),
            )
            % {"n": max(free, 0)},
        )
    if (
        not places.pk
        and TeamEventPlaces.objects.filter(team=team, event=event).exists()
    ):
        raise ProgrammeError(
            "bad_input", _("Ten zespół ma już pulę miejsc na tym wydarzeniu.")
        )
    places.save()
    audit_log(
        actor=actor,
        action="programme.team.places_set",
        obj=places,
        data={"team": team.pk, "event": event.pk, "places": places.places},
    )
    return places


def team_may_register(*, user: User, team: Team) -> bool:
    """The team's animators, and coordinators of its voivodeship."""
    return user.is_authenticated and (
        user.pk in team.animator_ids()
        or user_may_act_on_voivodeship(user, team.voivodeship)
    )


@transaction.atomic
def team_members_register(
    *,
    actor: User,
    team: Team,
    event: EventPage,
    users: Iterable[User],
    now: datetime.datetime | None = None,
) -> list[Registration]:
    """Register team members for ``event`` on the places it keeps for the
    team, through the events registration service (window, profile,
    capacity and quotas all apply). All or nothing: if one person cannot get
    a place, nobody is registered.

    The event's lock is taken first and held to the end, so two animators
    (or an animator and anyone else) registering at once are served one
    after the other and neither the team's places nor the event are
    oversold. Raises ProgrammeError ``forbidden``, ``bad_input``,
    ``no_places`` (the event keeps none for the team), ``not_member``,
    ``places`` (more people than places left), or the events app's
    EventError (``full``, ``closed``, ``profile_incomplete``, …)."""
    now = now or timezone.now()
    if not team_may_register(user=actor, team=team):
        raise ProgrammeError(
            "forbidden",
            _("Zapisywać członków zespołu mogą jego animatorzy i koordynatorzy."),
        )
    users = list({u.pk: u for u in users}.values())
    if not users:
        raise ProgrammeError("bad_input", _("Wybierz co najmniej jedną osobę."))
    event_lock(event_id=event.pk)
    places = TeamEventPlaces.objects.filter(team=team, event=event).first()
    if places is None:
        raise ProgrammeError(
            "no_places",
            _("To wydarzenie nie ma miejsc zarezerwowanych dla zespołu „%(team)s”.")
            % {"team": team.name},
        )
    members = set(
        TeamMember.objects.filter(
            team=team, removed_at__isnull=True, user__in=users
        ).values_list("user_id", flat=True)
    )
    outsiders = [u for u in users if u.pk not in members]
    if outsiders:
        raise ProgrammeError(
            "not_member",
            _("%(name)s nie należy do zespołu „%(team)s”.")
            % {
                "name": outsiders[0].get_full_name() or outsiders[0].email,
                "team": team.name,
            },
        )
    already = set(
        Registration.objects.filter(
            Registration.holding_q(), event=event, user__in=users
        ).values_list("user_id", flat=True)
    )
    new = [u for u in users if u.pk not in already]
    left = places.places - team_places_used(places=places)
    if len(new) > left:
        raise ProgrammeError(
            "places",
            _(
                "W puli zespołu zostało %(left)s wolnych miejsc, a wybrano %(n)s "
                "osób. Nikogo nie zapisano."
            )
            % {"left": max(left, 0), "n": len(new)},
        )
    registrations = []
    for user in new:
        with registering_on(places):
            registration, created = registration_create(
                event=event, user=user, accept_waitlist=False, now=now
            )
        if created or not hasattr(registration, "team_place"):
            TeamRegistration.objects.update_or_create(
                registration=registration,
                defaults={
                    "places": places,
                    "registered_by": actor,
                    "registered_at": now,
                },
            )
        registrations.append(registration)
    audit_log(
        actor=actor,
        action="programme.team.members_registered",
        obj=places,
        data={"event": event.pk, "users": [u.pk for u in new]},
    )
    return registrations
