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


def on_competences_assessed(
    sender, *, user_id: int, source_kind: str, source_id: int, gained: bool, **kwargs
) -> None:
    """A certificate that waited for the assessment is issued once the
    person's competences are confirmed (a completion already recorded and
    not yet certified)."""
    from .models import Completion
    from .tasks import certificate_issue_task

    if not gained:
        return
    completion = Completion.objects.filter(
        user_id=user_id, source_kind=source_kind, source_id=source_id
    ).first()
    if completion is None or completion.certificates.exists():
        return
    completion_id = completion.pk
    transaction.on_commit(lambda: certificate_issue_task.enqueue(completion_id))
