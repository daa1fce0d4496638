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
