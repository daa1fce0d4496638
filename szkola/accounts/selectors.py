"""Reads and access checks about people and their roles."""

from .constants import MACROREGION_CODE
from .models import Profile, User

# The access rules live in permissions.py; these names stay importable from
# here for the modules that have always read them from selectors.
from .permissions import (  # noqa: F401
    session_used_second_factor,
    staff_second_factor_missing,
    user_coordinator_scope,
    user_is_coordinator,
    user_is_staff_member,
    user_is_trainer,
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)


def profile_get(*, user: User) -> Profile:
    """The user's profile (every user has one; created here if missing)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        return profile


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
            {
                "title": n.display_title,
                "body": n.display_body,
                "created_at": n.created_at.isoformat(),
            }
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
