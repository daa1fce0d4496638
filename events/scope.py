"""Who may coordinate what in the events app: the one place this app asks
about a coordinator's scope (it delegates to the project's access rules)."""

from szkola.accounts.permissions import (
    user_is_coordinator,
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)


def may_coordinate(user) -> bool:
    """A coordinator (of any voivodeship or the leader's team) or superuser."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user_is_coordinator(user))
    )


def may_act_on_organiser(user, organiser: str) -> bool:
    """May ``user`` run events of ``organiser`` (a TERYT code or the
    macroregion)?"""
    return user_may_act_on_voivodeship(user, organiser)


def organisers_in_scope(user) -> list[str] | None:
    """Organiser codes ``user`` coordinates: None for all, [] for none."""
    return user_voivodeships_in_scope(user)
