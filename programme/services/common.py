"""What every programme service shares: scope checks and the refusal."""

from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_act_on_voivodeship

from ..errors import ProgrammeError
from ..models import Team, TeamMember


def ensure_coordinator(*, actor: User, organiser: str) -> None:
    """Raise ProgrammeError("forbidden") unless ``actor`` coordinates
    ``organiser`` (a TERYT code or the macroregion)."""
    if not user_may_act_on_voivodeship(actor, organiser):
        raise ProgrammeError(
            "forbidden",
            _("Nie koordynujesz tego województwa: zmiana nie jest możliwa."),
        )


def animated_by(actor: User, user: User) -> bool:
    """Whether ``actor`` animates (gmina or powiat) a team ``user`` is a
    current member of."""
    return TeamMember.objects.filter(
        user=user,
        removed_at__isnull=True,
        team__in=Team.objects.filter(gmina_animator=actor)
        | Team.objects.filter(powiat_animator=actor),
    ).exists()
