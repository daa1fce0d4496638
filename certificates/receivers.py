"""Listeners of the completion signals of courses and events."""

import logging

from django.db import transaction

from .errors import CertificateError

logger = logging.getLogger(__name__)


def on_completed(sender, *, user_id: int, source: dict, **kwargs) -> None:
    """Record the completion, then issue in a task after commit. Never raises
    into the sender: a malformed announcement is logged and dropped."""
    from .services import completion_record
    from .tasks import certificate_issue_task

    try:
        completion = completion_record(user_id=user_id, source=source)
    except CertificateError as error:
        logger.error("Completion of user %s ignored: %s", user_id, error)
        return
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("Completion of user %s could not be recorded", user_id)
        return
    transaction.on_commit(lambda: certificate_issue_task.enqueue(completion.pk))
