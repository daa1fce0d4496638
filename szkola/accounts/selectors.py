"""Reads and access checks about people and their roles."""

from django.contrib.auth.models import AnonymousUser

from .constants import MACROREGION_CODE, CoordinatorScope
from .models import Profile, User


def profile_get(*, user: User) -> Profile:
    """The user's profile (every user has one; created here if missing)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        return profile


def user_is_trainer(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and profile_get(user=user).is_trainer)


def user_coordinator_scope(user: User | AnonymousUser) -> str:
    """'' for non-coordinators, a TERYT code, or MACROREGION_CODE."""
    if not user.is_authenticated:
        return ""
    return profile_get(user=user).coordinator_scope


def user_is_coordinator(user: User | AnonymousUser) -> bool:
    return bool(user_coordinator_scope(user))


def user_may_act_on_voivodeship(user: User | AnonymousUser, voivodeship: str) -> bool:
    """May this user act, as a coordinator, on an object of that voivodeship?

    ``voivodeship`` is the object's organiser: a TERYT code, or
    MACROREGION_CODE for a supra-regional object. Superusers may act on
    anything; the leader's team (macroregion scope) on anything in the
    project; a voivodeship's coordinators only on their own voivodeship's
    objects (a supra-regional object belongs to the leader's team).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    scope = user_coordinator_scope(user)
    if not scope:
        return False
    if scope == CoordinatorScope.MACROREGION:
        return True
    return (
        bool(voivodeship) and voivodeship != MACROREGION_CODE and scope == voivodeship
    )


def user_voivodeships_in_scope(user: User | AnonymousUser) -> list[str] | None:
    """Organiser codes the user may act on: None means all, [] means none."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    scope = user_coordinator_scope(user)
    if scope == CoordinatorScope.MACROREGION:
        return None
    return [scope] if scope else []


def user_is_staff_member(user: User | AnonymousUser) -> bool:
    """Trainers, coordinators and admins: people who must use MFA."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    profile = profile_get(user=user)
    return profile.is_trainer or profile.is_coordinator


def session_used_second_factor(*, session, user: User | AnonymousUser) -> bool:
    """Whether ``user`` signed in to this session with a second factor (the
    allauth authentication records kept in the session). Works for an HTTP
    request's session and for a WebSocket scope's alike."""
    from types import SimpleNamespace

    from allauth.account.authentication import get_authentication_records

    if not user.is_authenticated or session is None:
        return False
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return any(record.get("method") == "mfa" for record in records)


def staff_second_factor_missing(*, session, user: User | AnonymousUser) -> bool:
    """Staff pages and sockets outside /admin/ show participants' personal
    data: a staff member must have used the second factor in this session."""
    return user_is_staff_member(user) and not session_used_second_factor(
        session=session, user=user
    )


__all__ = [
    "session_used_second_factor",
    "staff_second_factor_missing",
    "MACROREGION_CODE",
    "profile_get",
    "user_coordinator_scope",
    "user_is_coordinator",
    "user_is_staff_member",
    "user_is_trainer",
    "user_may_act_on_voivodeship",
    "user_voivodeships_in_scope",
]


def personal_data_export(*, user: User) -> dict:
    """Everything the platform keeps about ``user`` in the foundation apps, as
    plain JSON (RODO art. 15 and 20). Domain apps add their records through
    the ``personal_data_sections`` signal."""
    from django.utils import timezone

    from szkola.live.models import Notification

    from .models import AuditEntry
    from .signals import personal_data_sections

    profile = profile_get(user=user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "institution_name": profile.institution_name,
            "institution_sector": profile.institution_sector,
            "position": profile.position,
            "gmina": profile.gmina,
            "powiat": profile.powiat,
            "voivodeship": profile.voivodeship,
            "pzk_team": profile.pzk_team,
            "is_trainer": profile.is_trainer,
            "coordinator_scope": profile.coordinator_scope,
        },
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents.all()
        ],
        "notifications": [
            {"title": n.title, "body": n.body, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(user=user)
        ],
        "activity": [
            {"at": e.at.isoformat(), "action": e.action, "object": e.object_repr}
            for e in AuditEntry.objects.filter(actor=user)
        ],
    }
    for _receiver, section in personal_data_sections.send(sender=User, user=user):
        if section:
            data.update(section)
    return data


def participation_step_missing(*, user: User, next_url: str) -> dict | None:
    """The first step ``user`` must complete before taking part in a form of
    support (``{"url": ..., "message": ...}``, the url returning to
    ``next_url``), or None. Apps add steps through the
    ``participation_prerequisites`` signal."""
    from .signals import participation_prerequisites

    if not user.is_authenticated:
        return None
    for _receiver, step in participation_prerequisites.send(
        sender=User, user=user, next_url=next_url
    ):
        if step:
            return step
    return None
