"""Demo data of the programme, called by ``seed_demo`` after courses and
events (and before certificates). Idempotent: run again, it adds nothing.

- the eight PZK teams of podlaskie named in the project's materials (Kolno,
  Narewka, Korycin, Szudziałowo, Kobylin-Borzymy, Wysokie Mazowieckie,
  Nowinka, Piątnica) and teams in the other voivodeships, whose names the
  demo participants' profiles already carry (those become memberships);
- the gmina animator of Korycin, ``animator.korycin@…`` (the demo password),
  with members, places at the podlaskie training, a learning path in
  progress and a booked coaching session;
- a coach, coaching / supervision / advisory sessions, two paths.

The TERYT codes of gminy follow the register's shape (voivodeship, powiat,
gmina, type); they are demo values, to be checked against GUS TERYT before
real use.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from events.models import EventPage
from szkola.accounts.models import User
from szkola.accounts.services import consent_record, profile_update
from szkola.home import demo_people as people

from ..errors import ProgrammeError
from ..messaging import emails_muted
from ..models import (
    LearningPath,
    PathComponent,
    PathEnrolment,
    SupportBooking,
    SupportSession,
    Team,
    TeamEventPlaces,
)
from ..services import (
    memberships_from_profiles,
    path_join,
    path_save,
    support_attendance_record,
    support_book,
    support_session_save,
    team_animator_set,
    team_member_invite,
    team_members_register,
    team_places_save,
    team_save,
)
from .data import ANIMATOR_EMAIL, COACH_EMAIL, KORYCIN_MEMBERS, TEAMS


def _coordinator(code: str) -> User:
    return User.objects.get(email=people.COORDINATOR_EMAILS[code])


def _account(
    email, first, last, *, institution, sector, position, gmina, powiat, voivodeship
):
    """A demo account (not staff) with the demo password, profile and consent."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=people.DEMO_PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_update(
        user=user,
        first_name=first,
        last_name=last,
        institution_name=institution,
        institution_sector=sector,
        position=position,
        gmina=gmina,
        powiat=powiat,
        voivodeship=voivodeship,
    )
    consent_record(user=user)
    return user


def _teams(made) -> dict[str, Team]:
    teams = {}
    for name, gmina, gmina_teryt, powiat, powiat_teryt, code in TEAMS:
        team = Team.objects.filter(gmina_teryt=gmina_teryt).first()
        if team is None:
            team = team_save(
                actor=_coordinator(code),
                team=Team(
                    name=name,
                    gmina=gmina,
                    gmina_teryt=gmina_teryt,
                    powiat=powiat,
                    powiat_teryt=powiat_teryt,
                    voivodeship=code,
                ),
            )
            made["teams"] += 1
        teams[gmina] = team
    return teams


def _korycin(team: Team, made) -> tuple[User, list[User]]:
    coordinator = _coordinator("20")
    animator = User.objects.filter(email=ANIMATOR_EMAIL).first()
    if animator is None:
        _member, _created = team_member_invite(
            actor=coordinator,
            team=team,
            email=ANIMATOR_EMAIL,
            first_name="Krystyna",
            last_name="Sawicka",
            institution_name="Urząd Gminy Korycin",
            institution_sector="government",
            role="animatorka gminna",
            position="sekretarz gminy",
        )
        animator = User.objects.get(email=ANIMATOR_EMAIL)
        animator.set_password(people.DEMO_PASSWORD)
        animator.save(update_fields=["password"])
        consent_record(user=animator)
        made["accounts"] += 1
    members = []
    for local, first, last, institution, sector, role in KORYCIN_MEMBERS:
        email = f"{local}@{people.DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            team_member_invite(
                actor=coordinator,
                team=team,
                email=email,
                first_name=first,
                last_name=last,
                institution_name=institution,
                institution_sector=sector,
                role=role,
            )
            user = User.objects.get(email=email)
            user.set_password(people.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            consent_record(user=user)
            made["accounts"] += 1
        members.append(user)
    team.refresh_from_db()
    if team.gmina_animator_id != animator.pk:
        team_animator_set(actor=coordinator, team=team, level="gmina", user=animator)
    powiat_animator = members[-1]
    if team.powiat_animator_id != powiat_animator.pk:
        team_animator_set(
            actor=coordinator, team=team, level="powiat", user=powiat_animator
        )
    return animator, members


def _places(team: Team, animator: User, members: list[User], made) -> None:
    event = EventPage.objects.filter(slug="szkolenie-podlaskie").first()
    if event is None:
        return
    places = TeamEventPlaces.objects.filter(team=team, event=event).first()
    if places is None:
        places = team_places_save(
            actor=_coordinator("20"),
            places=TeamEventPlaces(team=team, event=event, places=4),
        )
        made["team places"] += 1
        try:
            team_members_register(
                actor=animator, team=team, event=event, users=[animator, members[0]]
            )
        except Exception:  # noqa: BLE001 - a demo whose window closed just skips it
            pass


def _coach() -> User:
    return _account(
        COACH_EMAIL,
        "Katarzyna",
        "Lewandowska",
        institution="Regionalny Ośrodek Polityki Społecznej w Białymstoku",
        sector="government",
        position="coach i superwizorka pracy socjalnej",
        gmina="Białystok",
        powiat="Białystok",
        voivodeship="20",
    )


def _session(
    *, title, kind, start, hours, capacity, coach, team=None, mode="online", made
):
    session = SupportSession.objects.filter(title=title, provider=coach).first()
    if session is not None:
        return session
    made["sessions"] += 1
    return support_session_save(
        actor=_coordinator("20"),
        session=SupportSession(
            kind=kind,
            title=title,
            description="",
            organiser="20",
            provider=coach,
            team=team,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=float(hours)),
            hours=Decimal(hours),
            mode=mode,
            place="MS Teams" if mode == "online" else "Urząd Gminy Korycin, sala 12",
            capacity=capacity,
        ),
    )


def _paths(made) -> LearningPath:
    coordinator = _coordinator("20")
    path = LearningPath.objects.filter(title="Ścieżka członka PZK (podlaskie)").first()
    if path is None:
        course = CoursePage.objects.live().order_by("path").first()
        path = LearningPath(
            title="Ścieżka członka PZK (podlaskie)",
            description=(
                "Kurs online, szkolenie dwudniowe i coaching; do wyboru wizyta "
                "studyjna albo superwizja zespołu."
            ),
            organiser="20",
            min_optional=1,
        )
        if course is not None:
            path.components.add(
                PathComponent(kind="course", course=course, required=True)
            )
        path.components.add(
            PathComponent(
                kind="event", event_kind="training2", event_count=1, required=True
            )
        )
        path.components.add(
            PathComponent(
                kind="support",
                support_kind="coaching",
                support_hours=Decimal("4"),
                required=True,
            )
        )
        path.components.add(
            PathComponent(
                kind="event",
                event_kind="exchange",
                label="Partnerska wizyta studyjna",
                required=False,
            )
        )
        path.components.add(
            PathComponent(
                kind="support",
                support_kind="supervision",
                support_hours=Decimal("3"),
                required=False,
            )
        )
        path = path_save(actor=coordinator, path=path)
        made["paths"] += 1
    if not LearningPath.objects.filter(title="Ścieżka animatora kooperacji").exists():
        leader = User.objects.get(email=people.LEADER_COORDINATOR_EMAIL)
        other = LearningPath(
            title="Ścieżka animatora kooperacji",
            description="Dla animatorów gminnych i powiatowych całego makroregionu.",
            organiser="MR",
        )
        other.components.add(
            PathComponent(kind="event", event_kind="training2", required=True)
        )
        other.components.add(
            PathComponent(kind="event", event_kind="conference", required=True)
        )
        other.components.add(
            PathComponent(
                kind="support",
                support_kind="advisory",
                support_hours=Decimal("2"),
                required=True,
            )
        )
        path_save(actor=leader, path=other)
        made["paths"] += 1
    return path


def _support(
    team: Team, animator: User, members: list[User], path: LearningPath, made
) -> None:
    coach = _coach()
    now = timezone.now()
    # (title, kind, starts in days, hours, capacity, more fields)
    # fmt: off
    sessions = [
        ("Coaching animatorki gminnej: plan pracy PZK", "coaching", -10, "2", 1, {}),
        ("Coaching animatorki gminnej: diagnoza potrzeb rodzin", "coaching", 7, "2", 1, {}),
        ("Superwizja zespołu PZK Korycin", "supervision", 14, "3", 6,
         {"team": team, "mode": "on_site"}),
        ("Doradztwo: lokalny plan współpracy", "advisory", 5, "1.5", 1, {}),
    ]
    # fmt: on
    past, upcoming, _supervision, _advisory = (
        _session(
            title=title,
            kind=kind,
            start=now + datetime.timedelta(days=days),
            hours=hours,
            capacity=capacity,
            coach=coach,
            made=made,
            **more,
        )
        for title, kind, days, hours, capacity, more in sessions
    )
    enrolment = PathEnrolment.objects.filter(user=animator, path=path).first()
    if enrolment is None:
        path_join(actor=animator, path=path, user=animator)
        for member in members[:2]:
            path_join(actor=animator, path=path, user=member)
    if not SupportBooking.objects.filter(session=past, user=animator).exists():
        # Booked before it started, attended: 2 of the path's 4 coaching hours.
        booking = support_book(
            actor=animator,
            session=past,
            user=animator,
            now=past.starts_at - datetime.timedelta(days=3),
        )
        support_attendance_record(actor=coach, booking=booking, attended=True)
        made["bookings"] += 1
    if not SupportBooking.objects.filter(session=upcoming, user=animator).exists():
        try:
            support_book(actor=animator, session=upcoming, user=animator)
            made["bookings"] += 1
        except ProgrammeError:
            pass


def seed(*, home, stdout) -> None:
    from collections import Counter

    made: Counter = Counter()
    with emails_muted(), transaction.atomic():
        teams = _teams(made)
        made["memberships from profiles"] += memberships_from_profiles()
        korycin = teams["Korycin"]
        animator, members = _korycin(korycin, made)
        _places(korycin, animator, members, made)
        path = _paths(made)
        _support(korycin, animator, members, path, made)
    stdout.write(
        "programme: "
        + ", ".join(f"{k} {v}" for k, v in sorted(made.items()))
        + " (nowe)\n"
    )
