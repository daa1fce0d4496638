"""Listeners of the completion signals of courses and events."""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef

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


def on_certificate_issued(sender, *, certificate, **kwargs) -> None:
    """Email the holder after the issuing transaction commits (the service
    sends ``certificate_issued``; enqueuing here keeps the services free of
    the tasks that call them)."""
    from szkola.home.emails import emails_are_muted

    from .tasks import certificate_email_task

    if certificate.user_id is None or emails_are_muted():
        return
    certificate_id = certificate.pk
    transaction.on_commit(lambda: certificate_email_task.enqueue(certificate_id))


def on_competences_assessed(
    sender, *, user_id: int, source_kind: str, source_id: int, gained: bool, **kwargs
) -> None:
    """A certificate that waited for the assessment is issued once the
    person's competences are confirmed (a completion already recorded and
    not yet certified)."""
    if gained:
        _issue_waiting(user_id=user_id, source_kind=source_kind, source_id=source_id)


def on_post_test_taken(
    sender, *, user_id: int, source_kind: str, source_id: int, **kwargs
) -> None:
    """A certificate that waited for the post-test is issued once it is
    taken (the issue checks again whatever else the plan asks for)."""
    _issue_waiting(user_id=user_id, source_kind=source_kind, source_id=source_id)


def _issue_waiting(*, user_id: int, source_kind: str, source_id: int) -> None:
    """Issue, in a task after commit, for a completion already recorded and
    not yet certified."""
    from .models import Completion
    from .tasks import certificate_issue_task

    completion = Completion.objects.filter(
        user_id=user_id, source_kind=source_kind, source_id=source_id
    ).first()
    if completion is None or completion.certificates.exists():
        return
    completion_id = completion.pk
    transaction.on_commit(lambda: certificate_issue_task.enqueue(completion_id))


def personal_data_section(sender, *, user, **kwargs) -> dict:
    """The person's certificates for their data export (RODO art. 15, 20):
    what the register holds about them, with the verification link, and
    the completions recorded for them (also those still waiting for a
    certificate)."""
    from .models import Certificate, Completion
    from .services import verification_url

    certificates = Certificate.objects.filter(user=user).order_by("issued_at", "pk")
    return {
        "certificates": [
            {
                "number": c.number,
                "title": c.title,
                "recipient_name": c.recipient_name,
                "source": c.source_kind,
                "hours": str(c.hours),
                "date_from": c.date_from.isoformat() if c.date_from else None,
                "date_to": c.date_to.isoformat() if c.date_to else None,
                "place": c.place,
                "issued_at": c.issued_at.isoformat(),
                "status": c.status,
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                "revoked_reason": c.revoked_reason,
                "verification_url": verification_url(c.code),
                "pdf_sha256": c.pdf_sha256,
            }
            for c in certificates
        ],
        "certificate_completions": [
            {
                "source": c.source_kind,
                "title": c.source_title,
                "received_at": c.received_at.isoformat(),
                "certified": c.certified,
            }
            for c in Completion.objects.filter(user=user)
            .annotate(
                certified=Exists(Certificate.objects.filter(completion=OuterRef("pk")))
            )
            .order_by("received_at", "pk")
        ],
    }


def members_certificates(sender, *, user_ids: list[int], **kwargs) -> dict:
    """The current certificates of a PZK team's members, for its page."""
    from .selectors import certificates_of_users

    return {
        user_id: [
            {"number": c.number, "title": c.title, "revoked_at": c.revoked_at}
            for c in certificates
        ]
        for user_id, certificates in certificates_of_users(user_ids=user_ids).items()
    }
