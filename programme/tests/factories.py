"""Teams, paths and support sessions for tests: plain functions over the
services (so every factory-made record passed the same rules)."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from events.tests.factories import coordinator_create, event_create, staff_login  # noqa: F401
from events.tests.factories import user_create as participant_create
from szkola.accounts.models import User

from ..models import LearningPath, PathComponent, SupportSession, Team, TeamEventPlaces
from ..services import (
    path_save,
    support_session_save,
    team_animator_set,
    team_member_invite,
    team_places_save,
    team_save,
)

_seq = itertools.count(1)

# Korycin: powiat sokólski (2011), podlaskie (20).
KORYCIN = {
    "name": "PZK Gminy Korycin",
    "gmina": "Korycin",
    "gmina_teryt": "2011042",
    "powiat": "sokólski",
    "powiat_teryt": "2011",
    "voivodeship": "20",
}


def team_create(*, coordinator: User | None = None, **fields) -> Team:
    """A team in powiat sokólski (podlaskie) by default, Korycin's codes
    for the first one, a fresh gmina code after that."""
    values = dict(KORYCIN)
    if Team.objects.filter(gmina_teryt=values["gmina_teryt"]).exists() or (
        "voivodeship" in fields
    ):
        powiat = fields.get("powiat_teryt", values["powiat_teryt"])
        if "voivodeship" in fields and "powiat_teryt" not in fields:
            powiat = fields["voivodeship"] + "01"
        n = next(_seq)
        while f"{powiat}{n % 1000:03d}" == KORYCIN["gmina_teryt"]:
            # The 42nd number in powiat sokólski would be Korycin's code.
            n = next(_seq)
        values.update(
            {
                "name": f"PZK Gminy {n}",
                "gmina": f"Gmina{n}",
                "gmina_teryt": f"{powiat}{n % 1000:03d}",
                "powiat_teryt": powiat,
            }
        )
    values.update(fields)
    coordinator = coordinator or coordinator_create(scope=values["voivodeship"])
    return team_save(actor=coordinator, team=Team(**values))


def member_add(team: Team, *, coordinator: User | None = None, **fields) -> User:
    """A person invited to ``team`` (a new account, profile complete)."""
    coordinator = coordinator or coordinator_create(scope=team.voivodeship)
    n = next(_seq)
    member, _created = team_member_invite(
        actor=coordinator,
        team=team,
        email=fields.pop("email", f"czlonek{n}@gmina.example.pl"),
        first_name=fields.pop("first_name", "Ewa"),
        last_name=fields.pop("last_name", f"Członkowska{n}"),
        institution_name=fields.pop("institution_name", f"GOPS w {team.gmina}"),
        institution_sector=fields.pop("institution_sector", "ops"),
        role=fields.pop("role", "członek"),
    )
    return member.user


def animator_make(team: Team, *, level: str = "gmina", coordinator=None) -> User:
    coordinator = coordinator or coordinator_create(scope=team.voivodeship)
    user = member_add(team, coordinator=coordinator, first_name="Alicja")
    team_animator_set(actor=coordinator, team=team, level=level, user=user)
    team.refresh_from_db()
    return user


def places_create(
    team: Team, event, *, places: int = 3, coordinator=None
) -> TeamEventPlaces:
    coordinator = coordinator or coordinator_create(scope="MR")
    return team_places_save(
        actor=coordinator,
        places=TeamEventPlaces(team=team, event=event, places=places),
    )


def path_create(
    *,
    organiser: str = "20",
    components=(),
    min_optional: int = 0,
    coordinator=None,
    **fields,
) -> LearningPath:
    """``components``: PathComponent keyword dicts."""
    coordinator = coordinator or coordinator_create(scope=organiser)
    path = LearningPath(
        title=fields.pop("title", f"Ścieżka {next(_seq)}"),
        organiser=organiser,
        min_optional=min_optional,
        **fields,
    )
    for spec in components:
        path.components.add(PathComponent(**spec))
    return path_save(actor=coordinator, path=path)


def session_create(
    *,
    provider: User | None = None,
    organiser: str = "20",
    kind: str = "coaching",
    capacity: int = 1,
    hours: str = "2.0",
    starts_in: datetime.timedelta = datetime.timedelta(days=3),
    coordinator=None,
    **fields,
) -> SupportSession:
    coordinator = coordinator or coordinator_create(scope=organiser)
    provider = provider or participant_create(first_name="Celina", last_name="Coach")
    start = timezone.now() + starts_in
    session = SupportSession(
        kind=kind,
        title=fields.pop("title", "Coaching animatora"),
        organiser=organiser,
        provider=provider,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        hours=Decimal(hours),
        mode=fields.pop("mode", "online"),
        capacity=capacity,
        **fields,
    )
    return support_session_save(actor=coordinator, session=session)
