"""Listeners of the completion signals of courses and events: a finished
course or event may complete a learning path."""

import logging

logger = logging.getLogger(__name__)


def on_component_completed(sender, *, user_id: int, source: dict, **kwargs) -> None:
    """Refresh the person's paths. Never raises into the sender: the course
    or event completion stands whatever happens here."""
    from .services import path_progress_refresh

    try:
        path_progress_refresh(user_id=user_id)
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("Paths of user %s could not be refreshed", user_id)


def personal_data(sender, *, user, **kwargs) -> dict:
    """The person's teams, paths and support sessions (with the notes they
    may read) for the RODO export."""
    from .models import PathEnrolment, SupportBooking, TeamMember
    from .support_selectors import support_notes_for

    def iso(value):
        return value.isoformat() if value else None

    return {
        "pzk_teams": [
            {
                "team": m.team.name,
                "role": m.role,
                "joined_at": iso(m.joined_at),
                "removed_at": iso(m.removed_at),
            }
            for m in TeamMember.objects.filter(user=user).select_related("team")
        ],
        "learning_paths": [
            {
                "path": e.path.title,
                "joined_at": iso(e.joined_at),
                "completed_at": iso(e.completed_at),
            }
            for e in PathEnrolment.objects.filter(user=user).select_related("path")
        ],
        "support_sessions": [
            {
                "session": str(b.session),
                "starts_at": iso(b.session.starts_at),
                "cancelled_at": iso(b.cancelled_at),
                "attended": b.attended,
                "hours": str(b.hours) if b.hours is not None else None,
                "notes": [n.text for n in support_notes_for(user=user, booking=b)],
            }
            for b in SupportBooking.objects.filter(user=user).select_related("session")
        ],
    }


def places_held_back(
    sender, *, event_id: int | None = None, event_ids=None, **kwargs
) -> int | dict[int, int]:
    """Places the event keeps for teams and nobody of the team took yet:
    not for anyone else (events asks; it never imports this app). Asked
    with ``event_ids`` (a list of events), the answer is a dict
    ``{event id: places}`` computed in one query."""
    from .team_places import team_places_held_back, team_places_held_back_by_event

    if event_ids is not None:
        return team_places_held_back_by_event(event_ids=list(event_ids))
    return team_places_held_back(event_id=event_id)
