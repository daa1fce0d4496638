"""Every write of the certificates app: completions received, issue, re-issue,
revoke, bulk issue."""

import hashlib
import logging
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_act_on_voivodeship
from szkola.accounts.services import audit_log
from szkola.home.parsing import iso_date

from .errors import CertificateError
from .models import (
    STATUS_LIST_SIZE,
    BulkIssue,
    Certificate,
    CertificateTemplate,
    Completion,
    IssuingBody,
    NumberCounter,
    SourceKind,
)
from .pdf import CertificateData, FundingBar, render_certificate
from .seal import seal_pdf
from .storage import private_storage

logger = logging.getLogger(__name__)

DEFAULT_NUMBER_PATTERN = "SK/{year}/{seq:05d}"


def site_url(path: str) -> str:
    """``path`` on the site's configured public address."""
    from szkola.home.links import public_url

    return public_url(path)


def verification_url(code: str) -> str:
    return site_url(reverse("certificates:verify_code", args=[code]))


def format_number(*, year: int, seq: int) -> str:
    pattern = getattr(settings, "CERTIFICATES_NUMBER_PATTERN", DEFAULT_NUMBER_PATTERN)
    return pattern.format(year=year, seq=seq)


def number_take(*, year: int) -> int:
    """The next number of ``year``'s register. Must run inside the issuing
    transaction: the counter row stays locked until it commits, and a
    rollback returns the number, so the register has no gaps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside a transaction")
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def status_index_draw() -> int:
    """A random status-list index no certificate holds yet. Raises
    CertificateError (status_list_full) when every entry is taken."""
    # A handful of candidates in one query: while the list is mostly empty
    # one of them is almost surely free.
    candidates = {secrets.randbelow(STATUS_LIST_SIZE) for _ in range(16)}
    free = candidates - set(
        Certificate.objects.filter(status_index__in=candidates).values_list(
            "status_index", flat=True
        )
    )
    if not free:
        taken = set(Certificate.objects.values_list("status_index", flat=True))
        free = {index for index in range(STATUS_LIST_SIZE) if index not in taken}
    if not free:
        raise CertificateError(
            "status_list_full",
            _("Lista statusów Open Badges jest pełna: nie można wydać zaświadczenia."),
        )
    return secrets.choice(sorted(free))


def _certificate_insert(certificate: Certificate) -> None:
    """Save a new certificate under a fresh random status-list index. Two
    issues running at once may draw the same index: the later insert then
    fails on the unique index inside its savepoint and draws again."""
    attempts = 3
    for attempt in range(attempts):
        certificate.status_index = status_index_draw()
        try:
            with transaction.atomic():
                certificate.save(force_insert=True)
            return
        except IntegrityError:
            collided = Certificate.objects.filter(
                status_index=certificate.status_index
            ).exists()
            if not collided or attempt == attempts - 1:
                raise


# --- Completions ---------------------------------------------------------


def _parse_date(value) -> date | None:
    if not value:
        return None
    return iso_date(
        value, invalid=CertificateError("invalid_source", _("Nieprawidłowa data."))
    )


def _clean_source(source: dict) -> dict:
    if not isinstance(source, dict):
        raise CertificateError("invalid_source", _("Brak danych źródła."))
    kind = source.get("kind")
    if kind not in SourceKind.values:
        raise CertificateError("invalid_source", _("Nieznany rodzaj źródła."))
    try:
        source_id = int(source.get("id"))
        hours = Decimal(str(source.get("hours") or "0"))
    except (TypeError, ValueError, InvalidOperation) as error:
        raise CertificateError(
            "invalid_source", _("Nieprawidłowe dane źródła.")
        ) from error
    title = str(source.get("title") or "").strip()
    if not title or source_id <= 0 or hours < 0:
        raise CertificateError("invalid_source", _("Nieprawidłowe dane źródła."))
    _parse_date(source.get("date_from"))
    _parse_date(source.get("date_to"))
    programme = source.get("programme") or []
    if not isinstance(programme, list):
        raise CertificateError("invalid_source", _("Nieprawidłowy program."))
    return {**source, "kind": kind, "id": source_id, "title": title}


@transaction.atomic
def completion_record(*, user_id: int, source: dict) -> Completion:
    """Keep a completion announced by courses or events. Idempotent: the same
    person and source again returns the stored record (its snapshot refreshed
    while no certificate has been issued for it)."""
    clean = _clean_source(source)
    user = User.objects.get(pk=user_id)
    completion, created = Completion.objects.select_for_update().get_or_create(
        user=user,
        source_kind=clean["kind"],
        source_id=clean["id"],
        defaults={
            "source_title": clean["title"][:255],
            "organiser": str(clean.get("organiser") or "")[:2],
            "snapshot": clean,
        },
    )
    if not created and not completion.certificates.exists():
        completion.snapshot = clean
        completion.source_title = clean["title"][:255]
        completion.organiser = str(clean.get("organiser") or "")[:2]
        completion.save(update_fields=["snapshot", "source_title", "organiser"])
    if created:
        audit_log(
            actor=None,
            action="certificates.completion.received",
            obj=completion,
            data={"kind": clean["kind"], "id": clean["id"]},
        )
    return completion


# --- Templates -----------------------------------------------------------


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


def _check_actor(actor: User | None, organiser: str) -> None:
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
    seq = number_take(year=year)
    number = format_number(year=year, seq=seq)
    code = secrets.token_urlsafe(24)  # 192 bits
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
    data = CertificateData(
        number=number,
        name=recipient_name,
        title=completion.source_title,
        kind=completion.source_kind,
        hours=Decimal(str(source.get("hours") or "0")),
        date_from=_parse_date(source.get("date_from")),
        date_to=_parse_date(source.get("date_to")),
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
    _certificate_insert(certificate)
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
    _email_issued(certificate)
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
def _email_issued(certificate: Certificate) -> None:
    from szkola.home.emails import emails_are_muted

    from .tasks import certificate_email_task

    if certificate.user_id is None or emails_are_muted():
        return
    certificate_id = certificate.pk
    transaction.on_commit(lambda: certificate_email_task.enqueue(certificate_id))


def certificate_email_send(*, certificate: Certificate) -> bool:
    """Email the holder that the certificate is issued, with the link to
    download it and the public verification link. Returns whether an email
    went out (not for a revoked or superseded certificate, nor to a
    deleted account)."""
    from szkola.home.emails import email_build

    user = certificate.user
    if (
        user is None
        or not user.email
        or certificate.revoked_at
        or certificate.superseded_at
    ):
        return False
    email_build(
        to=user.email,
        subject=_("Masz nowe zaświadczenie: %(title)s") % {"title": certificate.title},
        template="emails/certificates/issued",
        context={
            "certificate": certificate,
            "mine_url": site_url(reverse("certificates:mine")),
            "verify_url": verification_url(certificate.code),
        },
    ).send()
    return True


def _notify_issued(certificate: Certificate) -> None:
    from szkola.live.services import notify

    try:
        with transaction.atomic():
            notify(
                certificate.user,
                title=_("Masz nowe zaświadczenie: %(title)s")
                % {"title": certificate.title},
                body=_("Numer %(number)s. Pobierz je na stronie Moje zaświadczenia.")
                % {"number": certificate.number},
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
    When the evaluation plan makes the certificate wait for the assessment,
    a person without the competences confirmed gets none yet."""
    from evaluation.selectors import certificate_outcomes

    found = certificate_outcomes(
        user_id=completion.user_id,
        source_kind=completion.source_kind,
        source_id=completion.source_id,
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
    not_allowed, status_list_full, assessment_missing)."""
    _check_actor(issued_by, completion.organiser)
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
    _check_actor(actor, certificate.organiser)
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
    _check_actor(actor, certificate.organiser)
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


# --- Bulk issue ----------------------------------------------------------


def bulk_group(bulk_id: int) -> str:
    return f"bulk-issue.{bulk_id}"


@transaction.atomic
def bulk_issue_start(*, source_kind: str, source_id: int, actor: User) -> BulkIssue:
    """Start issuing for every participant of a source with a recorded
    completion and no current certificate; the work runs as a task after
    commit. Raises CertificateError (invalid_source, not_allowed)."""
    from .tasks import bulk_issue_task

    completions = Completion.objects.filter(
        source_kind=source_kind, source_id=source_id
    )
    first = completions.first()
    if first is None:
        raise CertificateError("invalid_source", _("Brak ukończeń dla tego źródła."))
    _check_actor(actor, first.organiser)
    bulk = BulkIssue.objects.create(
        source_kind=source_kind,
        source_id=source_id,
        source_title=first.source_title,
        requested_by=actor,
        total=completions.count(),
    )
    audit_log(
        actor=actor,
        action="certificates.bulk.started",
        obj=bulk,
        data={"kind": source_kind, "id": source_id},
    )
    transaction.on_commit(lambda: bulk_issue_task.enqueue(bulk.pk))
    return bulk


def _bulk_progress(bulk: BulkIssue, **fields) -> None:
    from szkola.live.push import push_now

    for key, value in fields.items():
        setattr(bulk, key, value)
    bulk.save(update_fields=list(fields))
    push_now(bulk_group(bulk.pk), {"event": "progress", "bulk": bulk.as_payload()})


def bulk_issue_run(*, bulk_id: int) -> BulkIssue:
    """Do a bulk issue: one transaction per certificate, so a crash keeps
    what was issued and a second run finishes the rest without duplicates."""
    from .pdf import funding_bar

    bulk = BulkIssue.objects.select_related("requested_by").get(pk=bulk_id)
    completions = list(
        Completion.objects.filter(
            source_kind=bulk.source_kind, source_id=bulk.source_id
        )
        .select_related("user")
        .order_by("pk")
    )
    issued_for = set(
        Certificate.objects.filter(
            source_kind=bulk.source_kind,
            source_id=bulk.source_id,
            superseded_at__isnull=True,
        ).values_list("completion_id", flat=True)
    )
    _bulk_progress(
        bulk,
        status=BulkIssue.Status.RUNNING,
        total=len(completions),
        done=0,
        issued=0,
        failed=0,
        skipped=[],
    )
    bar = funding_bar()
    templates: dict = {}  # one template lookup per run, not per certificate
    issued = 0
    skipped: list[dict] = []
    try:
        for index, completion in enumerate(completions, start=1):
            name = completion.user.get_full_name() or completion.user.email
            if completion.pk in issued_for:
                skipped.append({"name": name, "reason": _("ma już zaświadczenie")})
            else:
                try:
                    certificate_issue(
                        completion=completion,
                        issued_by=bulk.requested_by,
                        bar=bar,
                        templates=templates,
                    )
                    issued += 1
                except CertificateError as error:
                    skipped.append({"name": name, "reason": str(error.message)})
            if index % 10 == 0 or index == len(completions):
                _bulk_progress(
                    bulk,
                    done=index,
                    issued=issued,
                    failed=len(skipped),
                    skipped=skipped,
                )
    except Exception:
        # What was issued stays (one transaction each); the page stops
        # waiting, and running the same bulk issue again finishes the rest.
        _bulk_progress(bulk, status=BulkIssue.Status.FAILED, finished_at=timezone.now())
        raise
    _bulk_progress(
        bulk,
        status=BulkIssue.Status.DONE,
        done=len(completions),
        issued=issued,
        failed=len(skipped),
        skipped=skipped,
        finished_at=timezone.now(),
    )
    return bulk
