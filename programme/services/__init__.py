"""Every write of the programme app (see the modules for the rules)."""

from .paths import (
    path_join,
    path_progress_refresh,
    path_rule_check,
    path_save,
    path_team_join,
)
from .places import team_may_register, team_members_register, team_places_save
from .support import (
    support_attendance_record,
    support_book,
    support_cancel,
    support_note_add,
    support_session_save,
)
from .teams import (
    member_history,
    memberships_from_profiles,
    team_animator_set,
    team_create,
    team_member_invite,
    team_member_remove,
    team_save,
)

__all__ = [
    "member_history",
    "memberships_from_profiles",
    "path_join",
    "path_progress_refresh",
    "path_rule_check",
    "path_save",
    "path_team_join",
    "support_attendance_record",
    "support_book",
    "support_cancel",
    "support_note_add",
    "support_session_save",
    "team_animator_set",
    "team_create",
    "team_may_register",
    "team_member_invite",
    "team_member_remove",
    "team_members_register",
    "team_places_save",
    "team_save",
]
