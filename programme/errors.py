from szkola.accounts.errors import DomainError


class ProgrammeError(DomainError):
    """A refused change to teams, paths or support sessions. Codes:
    ``forbidden``, ``other_gmina``, ``other_team``, ``already_member``,
    ``has_history``, ``not_member``, ``places``, ``not_team_member``,
    ``impossible_rule``, ``full``, ``already_booked``, ``not_bookable``,
    ``not_participant``, ``bad_input``, plus codes passed on from events."""
