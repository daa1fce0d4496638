"""Issue, re-issue and revoke one certificate: the template, the PDF and
its seal, the register entry, the holder's email and notification."""

import hashlib
import logging
import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_act_on_voivodeship
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from ..errors import CertificateError
from ..models import (
    Certificate,
    CertificateTemplate,
    Completion,
    IssuingBody,
    SourceKind,
)
from ..pdf import CertificateData, FundingBar, render_certificate
from ..qr import qr_matrix
from ..seal import seal_pdf
from ..signals import certificate_issued
from ..storage import private_storage
from .completions import source_date
from .numbering import certificate_insert, format_number, number_take
from .urls import verification_url

# --- Templates -----------------------------------------------------------


logger = logging.getLogger(__name__)


def template_for(*, kind: str, source_id: int, language: str):
    """The template linked to the source page, else the default for kind and
    language, else the default for the language; None draws the built-in one."""
    # Only courses and events are pages; a path's id is not a page id.
    linked = (
        CertificateTemplate.objects.filter(source_pages__id=source_id)
        .order_by("pk")
        .first()
        if kind != SourceKind.PATH
        else None
    )
    if linked:
        return linked
    defaults = CertificateTemplate.objects.filter(is_default=True, language=language)
    return (
        defaults.filter(kind=kind).order_by("pk").first()
        or defaults.filter(kind="").order_by("pk").first()
    )


# --- Issue ---------------------------------------------------------------


def _current(*, completion: Completion) -> Certificate | None:
    return Certificate.objects.filter(
        user_id=completion.user_id,
        source_kind=completion.source_kind,
        source_id=completion.source_id,
        superseded_at__isnull=True,
    ).first()


def _recipient_name(user: User) -> str:
    name = user.get_full_name().strip()
    if not name:
        raise CertificateError(
            "name_missing",
            _(
                "Uczestnik nie ma imienia i nazwiska w profilu: uzupełnij je przed wydaniem."
            ),
        )
    return name


def actor_check(actor: User | None, organiser: str) -> None:
    if actor is not None and not user_may_act_on_voivodeship(actor, organiser):
        raise CertificateError(
            "not_allowed", _("Nie możesz wydawać zaświadczeń tego organizatora.")
        )


def _issue_in_transaction(
    *,
    completion: Completion,
    issued_by: User | None,
    recipient_name: str,
    written: list[str],
    supersedes: Certificate | None = None,
    bar: FundingBar | None = None,
    templates: dict | None = None,
) -> Certificate:
    source = completion.snapshot
    now = timezone.now()
    year = timezone.localdate(now).year
    code = secrets.token_urlsafe(24)  # 192 bits
    # The QR code (a third of the drawing) needs only the code: made before
    # the number is taken, so the counter's row lock, held until commit,
    # covers less of the work that parallel workers wait on.
    qr_matrix(verification_url(code))
    language = (
        source.get("language") if source.get("language") in ("pl", "en") else "pl"
    )
    key = (completion.source_kind, completion.source_id, language)
    if templates is not None and key in templates:
        template = templates[key]
    else:
        template = template_for(
            kind=completion.source_kind,
            source_id=completion.source_id,
            language=language,
        )
        if templates is not None:
            templates[key] = template
    document = _document_context(
        organiser=completion.organiser, cache=templates if templates is not None else {}
    )
    seq = number_take(year=year)
    number = format_number(year=year, seq=seq)
    data = CertificateData(
        number=number,
        name=recipient_name,
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
        birth_date=_birth_date(completion.user)
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
        recipient_name=recipient_name,
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
    # The file is written last, just before the record; if anything after
    # this fails the caller deletes it, so no record ever points at a
    # missing file and no file outlives a rolled-back record.
    name = private_storage().save(f"{year}/{code}.pdf", ContentFile(pdf))
    written.append(name)
    certificate.pdf = name
    certificate_insert(certificate)
    audit_log(
        actor=issued_by,
        action="certificates.certificate.issued",
        obj=certificate,
        data={
            "number": number,
            "supersedes": supersedes.number if supersedes else None,
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


def _document_context(*, organiser: str, cache: dict) -> dict:
    """Issuer, place of issue and project for an organiser's certificates:
    the issuing body configured for the organiser (each ROPS issues its
    own), else the organisation in the site settings. Cached in ``cache``
    for a bulk run."""
    key = ("document", organiser)
    if key in cache:
        return cache[key]
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    body = IssuingBody.objects.filter(organiser=organiser).first()
    context = {
        "issuer_name": body.name
        if body
        else (
            site_settings.organisation_name if site_settings else "Szkoła Kooperacji"
        ),
        "issuer_address": body.address
        if body
        else (site_settings.organisation_address if site_settings else ""),
        "place_of_issue": body.place_of_issue if body else "",
        "project_title": site_settings.project_title if site_settings else "",
        "project_number": site_settings.project_number if site_settings else "",
    }
    cache[key] = context
    return context


def _birth_date(user: User | None) -> date | None:
    """The participant's date of birth where they gave it, from the callable
    named by ``CERTIFICATES_BIRTH_DATE_PROVIDER`` (dotted path, ``user`` in,
    a date or None out): the certificates app keeps no personal data of its
    own. Unset: no date of birth is printed."""
    path = getattr(settings, "CERTIFICATES_BIRTH_DATE_PROVIDER", "")
    if not path or user is None:
        return None
    from django.utils.module_loading import import_string

    value = import_string(path)(user)
    return value if isinstance(value, date) else None


def _notify_issued(certificate: Certificate) -> None:
    from szkola.live.services import notify

    try:
        with transaction.atomic():
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


def outcome_lines(outcomes: list) -> list[str]:
    """The learning outcomes as the certificate prints them, one line each:
    plain text as the source sent it, or "category: outcome" for the
    assessed outcomes the evaluation app adds (dicts with ``category_label``
    and ``text``)."""
    lines = []
    for outcome in outcomes:
        if isinstance(outcome, dict):
            text = str(outcome.get("text") or "").strip()
            label = str(outcome.get("category_label") or "").strip()
            line = f"{label}: {text}" if label and text else text
        else:
            line = str(outcome).strip()
        if line:
            lines.append(line)
    return lines


def _outcomes_into_snapshot(completion: Completion) -> None:
    """Learning outcomes the person achieved (from the evaluation app's read
    interface) go into the source snapshot the PDF is drawn from, as
    ``snapshot["outcomes"]``: [{"category", "category_label", "text", ...}].
    When the evaluation plan makes the certificate wait for the post-test
    or the assessment, a person without them gets none yet."""
    from evaluation.selectors import certificate_outcomes

    found = certificate_outcomes(
        user_id=completion.user_id,
        source_kind=completion.source_kind,
        source_id=completion.source_id,
    )
    if found["post_test_required"] and not found["post_test_done"]:
        raise CertificateError(
            "post_test_missing",
            _(
                "Zaświadczenie wymaga rozwiązania testu wiedzy po zajęciach: "
                "ta osoba jeszcze go nie rozwiązała."
            ),
        )
    if found["required"] and not found["ready"]:
        raise CertificateError(
            "assessment_missing",
            _(
                "Zaświadczenie wymaga potwierdzenia efektów uczenia się przez "
                "asesora: ta osoba nie ma ich jeszcze potwierdzonych."
            ),
        )
    if found["outcomes"] and completion.snapshot.get("outcomes") != found["outcomes"]:
        completion.snapshot = {**completion.snapshot, "outcomes": found["outcomes"]}
        completion.save(update_fields=["snapshot"])


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
    recipient_name = _recipient_name(completion.user)
    _outcomes_into_snapshot(completion)
    written: list[str] = []
    try:
        with transaction.atomic():
            return _issue_in_transaction(
                completion=completion,
                issued_by=issued_by,
                recipient_name=recipient_name,
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
            name = (recipient_name or "").strip() or _recipient_name(old.user)
            old.superseded_at = timezone.now()
            old.save(update_fields=["superseded_at"])
            new = _issue_in_transaction(
                completion=old.completion,
                issued_by=actor,
                recipient_name=name,
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
