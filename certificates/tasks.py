"""Background work: thin wrappers that load by id and call the services."""

import logging

from django_tasks import task

from .errors import CertificateError
from .models import Completion

logger = logging.getLogger(__name__)


@task()
def certificate_issue_task(completion_id: int) -> int | None:
    """Issue the certificate for a stored completion. Safe to run again: a
    completion already certified returns the existing certificate."""
    from .services.issue import certificate_issue

    completion = Completion.objects.get(pk=completion_id)
    try:
        return certificate_issue(completion=completion).pk
    except CertificateError as error:
        # Left pending in the completions table; coordinators see it there.
        logger.warning(
            "Certificate for completion %s not issued: %s", completion_id, error
        )
        return None


@task()
def bulk_issue_chunk_task(chunk_id: int) -> int:
    """One chunk of a bulk issue; safe to run again (a reclaimed task)."""
    from .services.bulk import bulk_chunk_run

    return bulk_chunk_run(chunk_id=chunk_id).issued


@task()
def bulk_issue_task(bulk_issue_id: int) -> int:
    """A whole bulk issue in one task (runs enqueued before chunks existed)."""
    from .services.bulk import bulk_issue_run

    return bulk_issue_run(bulk_id=bulk_issue_id).issued


@task()
def certificate_email_task(certificate_id: int) -> bool:
    """Tell the holder their certificate is issued (see
    ``certificate_email_send``)."""
    from .emails import certificate_email_send
    from .models import Certificate

    certificate = (
        Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    )
    if certificate is None:
        return False
    return certificate_email_send(certificate=certificate)
