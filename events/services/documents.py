"""Documents of an event: signed attendance-list scans uploaded back."""

import hashlib
import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from ..errors import EventError
from ..models import AttendanceScan, EventDay
from ..storage import private_storage
from .places import ensure_coordinator

logger = logging.getLogger(__name__)

SCAN_MAX_BYTES = 20 * 1024 * 1024
# Recognised by their first bytes, not by the name or the browser's word.
SCAN_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def _scan_type(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SCAN_TYPES:
        if head.startswith(magic):
            return content_type, extension
    return None


def attendance_scan_upload(*, day: EventDay, actor: User, upload) -> AttendanceScan:
    """Keep the signed scan of ``day``'s attendance list (PDF, JPEG or PNG,
    at most 20 MB) in the private storage, with an audit entry. Raises
    EventError (forbidden, scan_missing, scan_too_large, scan_type)."""
    ensure_coordinator(actor=actor, event=day.page)
    if upload is None or not getattr(upload, "size", 0):
        raise EventError("scan_missing", _("Wybierz plik ze skanem listy obecności."))
    if upload.size > SCAN_MAX_BYTES:
        raise EventError(
            "scan_too_large", _("Plik jest za duży: skan może mieć najwyżej 20 MB.")
        )
    content = upload.read()
    kind = _scan_type(content[:16])
    if kind is None:
        raise EventError(
            "scan_type",
            _("Skan musi być plikiem PDF, JPEG albo PNG."),
        )
    content_type, extension = kind
    digest = hashlib.sha256(content).hexdigest()
    original = re.sub(r"[^\w.\- ]", "_", str(getattr(upload, "name", "") or ""))[:200]
    name = private_storage().save(
        f"{day.page_id}/{day.date:%Y%m%d}-{digest[:16]}.{extension}",
        ContentFile(content),
    )
    try:
        with transaction.atomic():
            scan = AttendanceScan.objects.create(
                day=day,
                file=name,
                original_name=original or f"skan.{extension}",
                content_type=content_type,
                size=len(content),
                sha256=digest,
                uploaded_by=actor,
            )
            audit_log(
                actor=actor,
                action="events.attendance_scan.uploaded",
                obj=scan,
                data={"day": day.pk, "sha256": digest},
            )
    except BaseException:
        private_storage().delete(name)
        raise
    return scan
