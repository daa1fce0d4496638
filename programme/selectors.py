"""Reads of the programme app and its access checks. Those of coaching,
supervision and advisory sessions are in ``support_selectors``."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from courses.selectors import (
    completed_courses,
    course_progress_of_users,
)
from events.selectors import completed_events, registrations_of_users
from szkola.accounts.constants import MACROREGION_CODE
from szkola.accounts.permissions import (
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)
from szkola.accounts.selectors import profile_get

from .models import (
    LearningPath,
    PathComponent,
    PathEnrolment,
    SupportBooking,
    Team,
    TeamMember,
    TeamRegistration,
)
from .rules import Done, PathProgress, path_progress
from .signals import members_certificates_for
from .team_places import team_places

# --- Teams -------------------------------------------------------------------


def teams_in_scope(*, user) -> QuerySet[Team]:
    teams = Team.objects.select_related("gmina_animator", "powiat_animator")
    scope = user_voivodeships_in_scope(user)
    if scope is None:
        return teams
    return teams.filter(voivodeship__in=scope)


def membership_of(*, user) -> TeamMember | None:
    """The person's current team membership, if any."""
    if not user.is_authenticated:
        return None
    return (
        TeamMember.objects.filter(user=user, removed_at__isnull=True)
        .select_related("team", "team__gmina_animator", "team__powiat_animator")
        .first()
    )


def team_for_user(*, user) -> Team | None:
    """The team whose page the person sees at /moje/zespol/: their own, or
    the one they animate."""
    member = membership_of(user=user)
    if member is not None:
        return member.team
    if not user.is_authenticated:
        return None
    return (
        Team.objects.filter(Q(gmina_animator=user) | Q(powiat_animator=user))
        .select_related("gmina_animator", "powiat_animator")
        .first()
    )


def team_may_view(*, user, team: Team) -> bool:
    return user.is_authenticated and (
        user.pk in team.animator_ids()
        or TeamMember.objects.filter(
            team=team, user=user, removed_at__isnull=True
        ).exists()
        or user_may_act_on_voivodeship(user, team.voivodeship)
    )


def team_may_manage(*, user, team: Team) -> bool:
    """Animators of the team and coordinators of its voivodeship register
    members and see their progress."""
    return user.is_authenticated and (
        user.pk in team.animator_ids()
        or user_may_act_on_voivodeship(user, team.voivodeship)
    )


def current_members(*, team: Team) -> list[TeamMember]:
    return list(
        team.members.filter(removed_at__isnull=True)
        .select_related("user", "user__profile")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@dataclass
class MemberRow:
    member: TeamMember
    is_gmina_animator: bool
    is_powiat_animator: bool
    courses: list[dict] = field(default_factory=list)
    paths: list[dict] = field(default_factory=list)
    registrations: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    support_hours: Decimal = Decimal("0")


def team_overview(*, team: Team, detailed: bool) -> dict:
    """The team page: members (with, for animators and coordinators, their
    courses, paths, registrations, certificates and support hours) and the
    places events keep for the team. A fixed number of queries whatever
    the size of the team."""

    members = current_members(team=team)
    user_ids = [m.user_id for m in members]
    rows = [
        MemberRow(
            member=m,
            is_gmina_animator=m.user_id == team.gmina_animator_id,
            is_powiat_animator=m.user_id == team.powiat_animator_id,
        )
        for m in members
    ]
    if detailed and user_ids:
        courses = course_progress_of_users(user_ids=user_ids)
        registrations = registrations_of_users(user_ids=user_ids)
        certificates = members_certificates_for(user_ids=user_ids)
        paths = paths_progress_of_users(user_ids=user_ids)
        hours = support_hours_of_users(user_ids=user_ids)
        for row in rows:
            uid = row.member.user_id
            row.courses = courses.get(uid, [])
            row.registrations = registrations.get(uid, [])
            row.certificates = certificates.get(uid, [])
            row.paths = paths.get(uid, [])
            row.support_hours = hours.get(uid, Decimal("0"))
    return {"team": team, "members": rows, "places": team_places(team=team)}


# --- What people completed ---------------------------------------------------


def support_done(*, user_ids: list[int]) -> list[dict]:
    rows = (
        SupportBooking.objects.filter(
            user_id__in=user_ids, attended=True, cancelled_at__isnull=True
        )
        .select_related("session")
        .order_by("session__starts_at", "pk")
    )
    return [
        {
            "user_id": b.user_id,
            "booking_id": b.pk,
            "kind": b.session.kind,
            "title": b.session.title,
            "hours": b.hours or Decimal("0"),
            "date_from": timezone.localdate(b.session.starts_at),
            "date_to": timezone.localdate(b.session.starts_at),
        }
        for b in rows
    ]


def done_items(*, user_ids: list[int]) -> dict[int, list[Done]]:
    """Per person, every course, event and support session they completed,
    read through the courses and events selectors (three queries)."""

    result: dict[int, list[Done]] = {uid: [] for uid in user_ids}
    # (kind, the row's id key, rows); course rows have no "kind" of their own.
    sources = (
        ("course", "course_id", completed_courses(user_ids=user_ids)),
        ("event", "event_id", completed_events(user_ids=user_ids)),
        ("support", "booking_id", support_done(user_ids=user_ids)),
    )
    for kind, id_key, rows in sources:
        for row in rows:
            result[row["user_id"]].append(
                Done(
                    kind=kind,
                    key=f"{kind}:{row[id_key]}",
                    title=row["title"],
                    hours=Decimal(row["hours"] or 0),
                    date_from=row["date_from"],
                    date_to=row["date_to"],
                    subkind=row.get("kind", ""),
                    source_id=row[id_key],
                )
            )
    return result


def support_hours_of_users(*, user_ids: list[int]) -> dict[int, Decimal]:
    hours: dict[int, Decimal] = {}
    for row in support_done(user_ids=user_ids):
        hours[row["user_id"]] = hours.get(row["user_id"], Decimal("0")) + row["hours"]
    return hours


# --- Paths -------------------------------------------------------------------


@dataclass
class PathRow:
    path: LearningPath
    enrolment: PathEnrolment | None
    progress: PathProgress


def _components_by_path(path_ids: list[int]) -> dict[int, list]:

    result: dict[int, list] = {pid: [] for pid in path_ids}
    for component in (
        PathComponent.objects.filter(path_id__in=path_ids)
        .select_related("course")
        .order_by("path_id", "sort_order", "pk")
    ):
        result[component.path_id].append(component)
    return result


def paths_progress_of_users(*, user_ids: list[int]) -> dict[int, list[dict]]:
    """Per person, their paths with progress (for a team page)."""
    enrolments = list(
        PathEnrolment.objects.filter(user_id__in=user_ids).select_related("path")
    )
    components = _components_by_path(list({e.path_id for e in enrolments}))
    done = done_items(user_ids=user_ids) if enrolments else {}
    result: dict[int, list[dict]] = {}
    for e in enrolments:
        progress = path_progress(
            components=components[e.path_id],
            min_optional=e.path.min_optional,
            done=done.get(e.user_id, []),
        )
        result.setdefault(e.user_id, []).append(
            {"path": e.path, "enrolment": e, "progress": progress}
        )
    return result


def paths_available_to(*, user) -> QuerySet[LearningPath]:
    """Open paths of the person's voivodeship and of the macroregion."""
    voivodeship = profile_get(user=user).voivodeship
    codes = [MACROREGION_CODE] + ([voivodeship] if voivodeship else [])
    return LearningPath.objects.filter(is_open=True, organiser__in=codes).order_by(
        "title"
    )


def my_paths(*, user) -> dict:
    """/moje/sciezki/: the person's paths with what is done and what is next,
    and the open paths they have not started."""
    enrolments = list(
        PathEnrolment.objects.filter(user=user)
        .select_related("path")
        .order_by("completed_at", "-joined_at")
    )
    components = _components_by_path([e.path_id for e in enrolments])
    done = done_items(user_ids=[user.pk]).get(user.pk, []) if enrolments else []
    rows = [
        PathRow(
            path=e.path,
            enrolment=e,
            progress=path_progress(
                components=components[e.path_id],
                min_optional=e.path.min_optional,
                done=done,
            ),
        )
        for e in enrolments
    ]
    started = {e.path_id for e in enrolments}
    return {
        "rows": rows,
        "available": [p for p in paths_available_to(user=user) if p.pk not in started],
    }


def paths_in_scope(*, user) -> QuerySet[LearningPath]:
    scope = user_voivodeships_in_scope(user)
    paths = LearningPath.objects.annotate(
        participants=Count("enrolments", distinct=True),
        completed=Count(
            "enrolments",
            filter=Q(enrolments__completed_at__isnull=False),
            distinct=True,
        ),
    )
    if scope is None:
        return paths
    return paths.filter(organiser__in=scope)


def path_report(*, path: LearningPath) -> dict:
    """A path's participants with progress, and per team: how many are on
    it, how many completed it, the average share done."""
    enrolments = list(
        PathEnrolment.objects.filter(path=path)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    user_ids = [e.user_id for e in enrolments]
    components = _components_by_path([path.pk])[path.pk]
    done = done_items(user_ids=user_ids) if user_ids else {}
    teams = {
        m.user_id: m.team
        for m in TeamMember.objects.filter(
            user_id__in=user_ids, removed_at__isnull=True
        ).select_related("team")
    }
    rows, per_team = [], {}
    for e in enrolments:
        progress = path_progress(
            components=components,
            min_optional=path.min_optional,
            done=done.get(e.user_id, []),
        )
        team = teams.get(e.user_id)
        rows.append({"enrolment": e, "progress": progress, "team": team})
        key = team.name if team else ""
        bucket = per_team.setdefault(
            key, {"team": team, "n": 0, "completed": 0, "percent": 0}
        )
        bucket["n"] += 1
        bucket["completed"] += int(e.completed_at is not None)
        bucket["percent"] += progress.percent
    for bucket in per_team.values():
        bucket["percent"] = round(bucket["percent"] / bucket["n"]) if bucket["n"] else 0
    return {
        "path": path,
        "components": components,
        "rows": rows,
        "teams": sorted(
            per_team.values(), key=lambda b: b["team"].name if b["team"] else "~"
        ),
    }


def team_registration_of(*, registration_id: int) -> TeamRegistration | None:
    return TeamRegistration.objects.filter(registration_id=registration_id).first()
