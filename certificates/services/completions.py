"""Completions received from courses and events (the facts a certificate
is issued from)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.home.parsing import iso_date

from ..errors import CertificateError
from ..models import (
    Completion,
    SourceKind,
)


def source_date(value) -> date | None:
    """A date of a completion's source, or None; CertificateError
    ``invalid_source`` when it is not a date."""
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
    source_date(source.get("date_from"))
    source_date(source.get("date_to"))
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
