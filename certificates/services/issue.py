"""Issue, re-issue and revoke one certificate: the PDF and its seal, the
register entry, the holder's email and notification. A single issue takes
its number under the counter lock in its own transaction; a bulk-issue chunk
issues under numbers it reserved (``certificate_issue_reserved``)."""

import hashlib
import logging
import secrets
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from ..errors import CertificateError
from ..models import Certificate, Completion, ReservedNumber
from ..pdf import CertificateData, FundingBar, render_certificate
from ..qr import qr_matrix
from ..seal import seal_pdf
from ..signals import certificate_issued
from ..storage import private_storage
from .completions import source_date
from .documents import birth_date, document_context, outcome_lines, template_cached
from .eligibility import actor_check, outcomes_into_snapshot, recipient_name_of
from .numbering import (
    certificate_insert,
    format_number,
    number_take,
    reserved_number_take,
    status_index_draw,
)
from .urls import verification_url

logger = logging.getLogger(__name__)


class ReservationLost(RuntimeError):
    """The chunk no longer holds the number it was to issue under (a twin
    run of the same chunk gave it back): the chunk stops, and running it
    again reserves anew."""


class ReservationStale(RuntimeError):
    """The reserved number is of a year that has ended: the caller gives it
    back and reserves in the new year (a certificate's number is always of
    the year it is issued in)."""


def _current(*, completion: Completion) -> Certificate | None:
    return Certificate.objects.filter(
        user_id=completion.user_id,
        source_kind=completion.source_kind,
        source_id=completion.source_id,
        superseded_at__isnull=True,
    ).first()


def _drawing_context(completion: Completion, templates: dict | None):
    """(language, template, issuer and project) of a completion's
    certificate; looked up once per run when a bulk run passes ``templates``."""
    source = completion.snapshot
    language = (
        source.get("language") if source.get("language") in ("pl", "en") else "pl"
    )
    template = template_cached(
        kind=completion.source_kind,
        source_id=completion.source_id,
        language=language,
        cache=templates,
    )
    document = document_context(
        organiser=completion.organiser, cache=templates if templates is not None else {}
    )
    return language, template, document


def _certificate_draw(
    *,
    completion: Completion,
    context: tuple,
    recipient: str,
    issued_by: User | None,
    year: int,
    seq: int,
    code: str,
    now,
    bar: FundingBar | None,
    supersedes: Certificate | None = None,
) -> tuple[Certificate, bytes]:
    """The certificate (not saved) and its sealed PDF."""
    source = completion.snapshot
    language, template, document = context
    number = format_number(year=year, seq=seq)
    data = CertificateData(
        number=number,
        name=recipient,
        title=completion.source_title,
        kind=completion.source_kind,
        hours=Decimal(str(source.get("hours") or "0")),
        date_from=source_date(source.get("date_from")),
        date_to=source_date(source.get("date_to")),
        place=str(source.get("place") or ""),
        organiser=completion.organiser,
        issued_on=timezone.localdate(now),
        verification_url=verification_url(code),
        language=language,
        programme=list(source.get("programme") or []),
        issuer_name=document["issuer_name"],
        issuer_address=document["issuer_address"],
        place_of_issue=document["place_of_issue"],
        form=str(source.get("form") or ""),
        birth_date=birth_date(completion.user)
        if template is not None and template.show_birth_date
        else None,
        outcomes=outcome_lines(source.get("outcomes") or []),
        project_title=document["project_title"],
        project_number=document["project_number"],
        issued_at=now,
    )
    pdf = seal_pdf(render_certificate(data=data, template=template, bar=bar))
    certificate = Certificate(
        number=number,
        year=year,
        sequence=seq,
        code=code,
        user=completion.user,
        completion=completion,
        recipient_name=recipient,
        source_kind=completion.source_kind,
        source_id=completion.source_id,
        title=completion.source_title,
        hours=data.hours,
        date_from=data.date_from,
        date_to=data.date_to,
        place=data.place,
        organiser=completion.organiser,
        language=language,
        programme=data.programme,
        template=template,
        template_revision=template.latest_revision if template else None,
        issued_at=now,
        issued_by=issued_by,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        supersedes=supersedes,
    )
    return certificate, pdf


def _certificate_record(
    *, certificate: Certificate, pdf: bytes, written: list[str], insert
) -> Certificate:
    """Store the PDF, save the certificate (``insert``), write the audit
    entry and the notification; inside the issuing transaction."""
    # The file is written last, just before the record; if anything after
    # this fails the caller deletes it, so no record ever points at a
    # missing file and no file outlives a rolled-back record.
    name = private_storage().save(
        f"{certificate.year}/{certificate.code}.pdf", ContentFile(pdf)
    )
    written.append(name)
    certificate.pdf = name
    insert(certificate)
    audit_log(
        actor=certificate.issued_by,
        action="certificates.certificate.issued",
        obj=certificate,
        data={
            "number": certificate.number,
            "supersedes": certificate.supersedes.number
            if certificate.supersedes
            else None,
        },
    )
    # Stored in the same transaction (one commit per certificate, and the
    # notification exists exactly when the certificate does); notify() pushes
    # to open pages only after commit, and the email goes after commit too.
    _notify_issued(certificate)
    # The holder's email is enqueued after commit by the receiver of this
    # signal (receivers.py), so this module never imports the tasks that
    # import it.
    certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate


def _issue_in_transaction(
    *,
    completion: Completion,
    issued_by: User | None,
    recipient: str,
    written: list[str],
    supersedes: Certificate | None = None,
    bar: FundingBar | None = None,
    templates: dict | None = None,
) -> Certificate:
    now = timezone.now()
    year = timezone.localdate(now).year
    code = secrets.token_urlsafe(24)  # 192 bits
    # The QR code (a third of the drawing) needs only the code, and the
    # template and issuer are looked up: before the number is taken, so the
    # counter's row lock, held until commit, covers less of the work.
    qr_matrix(verification_url(code))
    context = _drawing_context(completion, templates)
    seq = number_take(year=year)
    certificate, pdf = _certificate_draw(
        completion=completion,
        context=context,
        recipient=recipient,
        issued_by=issued_by,
        year=year,
        seq=seq,
        code=code,
        now=now,
        bar=bar,
        supersedes=supersedes,
    )
    return _certificate_record(
        certificate=certificate, pdf=pdf, written=written, insert=certificate_insert
    )


def _notify_issued(certificate: Certificate) -> None:
    from szkola.live.services import notify

    # notify() runs in a savepoint of its own: a failure there rolls back
    # only the notification.
    try:
        notify(
            certificate.user,
            title=Text(
                N_("Masz nowe zaświadczenie: %(title)s"),
                {"title": certificate.title},
            ),
            body=Text(
                N_("Numer %(number)s. Pobierz je na stronie Moje zaświadczenia."),
                {"number": certificate.number},
            ),
            url=reverse("certificates:mine"),
            kind="certificate",
        )
    except Exception:  # noqa: BLE001 - a failed notification must not undo an issue
        logger.exception("Notification for certificate %s failed", certificate.pk)


def _delete_files(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete orphan certificate file %s", name)


def certificate_issue(
    *,
    completion: Completion,
    issued_by: User | None = None,
    bar: FundingBar | None = None,
    templates: dict | None = None,
) -> Certificate:
    """Issue the certificate for a completion, or return the one already
    issued (one current certificate per person and source).

    Runs in one transaction: number, record, stored PDF and audit entry exist
    together or not at all. Raises CertificateError (name_missing,
    not_allowed, status_list_full, post_test_missing, assessment_missing)."""
    actor_check(issued_by, completion.organiser)
    existing = _current(completion=completion)
    if existing:
        return existing
    recipient = recipient_name_of(completion.user)
    outcomes_into_snapshot(completion)
    written: list[str] = []
    try:
        with transaction.atomic():
            return _issue_in_transaction(
                completion=completion,
                issued_by=issued_by,
                recipient=recipient,
                written=written,
                bar=bar,
                templates=templates,
            )
    except IntegrityError:
        # Issued concurrently by someone else: theirs stands.
        _delete_files(written)
        existing = _current(completion=completion)
        if existing:
            return existing
        raise
    except BaseException:
        _delete_files(written)
        raise


def _insert_reserved(certificate: Certificate) -> None:
    # No savepoint: a clash on the status-list index rolls back the whole
    # certificate's transaction, which ``certificate_issue_reserved`` runs
    # again with another index.
    certificate.save(force_insert=True)


def certificate_issue_reserved(
    *,
    completion: Completion,
    reserved: ReservedNumber,
    recipient: str,
    issued_by: User | None,
    status_index: int,
    bar: FundingBar | None = None,
    templates: dict | None = None,
) -> Certificate | None:
    """Issue a bulk-issue chunk's certificate under the number it reserved,
    without the counter lock: drawn outside any transaction, then stored,
    saved, audited and notified in one transaction that takes the number
    (deletes its reservation). The caller checked eligibility. Returns None
    when a current certificate of the completion appeared meanwhile (this
    one rolled back; the caller gives the number back). Raises
    ReservationStale (the year has ended) and ReservationLost."""
    now = timezone.now()
    if timezone.localdate(now).year != reserved.year:
        raise ReservationStale(reserved.year)
    certificate, pdf = _certificate_draw(
        completion=completion,
        context=_drawing_context(completion, templates),
        recipient=recipient,
        issued_by=issued_by,
        year=reserved.year,
        seq=reserved.sequence,
        code=secrets.token_urlsafe(24),
        now=now,
        bar=bar,
    )
    certificate.status_index = status_index
    attempts = 3
    for attempt in range(attempts):
        written: list[str] = []
        try:
            with transaction.atomic():
                if not reserved_number_take(row=reserved):
                    raise ReservationLost(str(reserved))
                return _certificate_record(
                    certificate=certificate,
                    pdf=pdf,
                    written=written,
                    insert=_insert_reserved,
                )
        except IntegrityError:
            _delete_files(written)
            if _current(completion=completion) is not None:
                return None
            index_taken = Certificate.objects.filter(
                status_index=certificate.status_index
            ).exists()
            if not index_taken or attempt == attempts - 1:
                raise
            certificate.status_index = status_index_draw()
        except BaseException:
            _delete_files(written)
            raise
    raise AssertionError("unreachable")


def certificate_reissue(
    *, certificate: Certificate, actor: User, recipient_name: str | None = None
) -> Certificate:
    """Issue a new certificate that supersedes ``certificate`` (e.g. after a
    name correction). The old one stays in the register and verifies as
    superseded, and its Open Badges status bit is set like a revoked one's.
    Raises CertificateError (not_allowed, superseded, already_revoked,
    name_missing, status_list_full)."""
    actor_check(actor, certificate.organiser)
    written: list[str] = []
    try:
        with transaction.atomic():
            old = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if old.superseded_at:
                raise CertificateError(
                    "superseded", _("To zaświadczenie zostało już zastąpione.")
                )
            if old.revoked_at:
                raise CertificateError(
                    "already_revoked",
                    _("Nie można ponownie wydać unieważnionego zaświadczenia."),
                )
            if old.completion is None or old.user is None:
                raise CertificateError(
                    "account_deleted",
                    _("Konto uczestnika zostało usunięte: nie można wydać ponownie."),
                )
            name = (recipient_name or "").strip() or recipient_name_of(old.user)
            old.superseded_at = timezone.now()
            old.save(update_fields=["superseded_at"])
            new = _issue_in_transaction(
                completion=old.completion,
                issued_by=actor,
                recipient=name,
                written=written,
                supersedes=old,
            )
            audit_log(
                actor=actor,
                action="certificates.certificate.superseded",
                obj=old,
                data={"by": new.number},
            )
    except BaseException:
        _delete_files(written)
        raise
    certificate.refresh_from_db()
    return new


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, actor: User, reason: str
) -> Certificate:
    """Revoke with a reason; the certificate then verifies as revoked and its
    Open Badges status bit is set. Raises CertificateError (not_allowed,
    reason_required, already_revoked)."""
    actor_check(actor, certificate.organiser)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("reason_required", _("Podaj powód unieważnienia."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at:
        raise CertificateError(
            "already_revoked", _("To zaświadczenie jest już unieważnione.")
        )
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason[:2000]
    locked.save(update_fields=["revoked_at", "revoked_reason"])
    audit_log(
        actor=actor,
        action="certificates.certificate.revoked",
        obj=locked,
        data={"reason": locked.revoked_reason},
    )
    certificate.refresh_from_db()
    return locked
