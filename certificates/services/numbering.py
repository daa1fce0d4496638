"""The register's numbers (one gapless sequence a year) and the random
Open Badges status-list index each new certificate is saved under."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..errors import CertificateError
from ..models import (
    STATUS_LIST_SIZE,
    Certificate,
    NumberCounter,
)

DEFAULT_NUMBER_PATTERN = "SK/{year}/{seq:05d}"


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


def certificate_insert(certificate: Certificate) -> None:
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
