"""The register's numbers (one gapless sequence a year) and the random
Open Badges status-list index each new certificate is saved under.

A number comes from the year's counter, under its row lock. A single issue
takes one inside its issuing transaction (the lock is held until commit, and
a rollback returns the number). A bulk-issue chunk reserves its numbers in
one short transaction (``numbers_reserve``) and issues each certificate
without the lock, deleting the number's ``ReservedNumber`` row in the
certificate's own transaction. Numbers reserved and not used are given back
(``numbers_give_back``) into a pool that every later number of the year is
taken from first, lowest first; given back at the top of the counter they
lower it instead. So once anything further is issued the register has no
gap."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..errors import CertificateError
from ..models import (
    STATUS_LIST_SIZE,
    Certificate,
    NumberCounter,
    ReservedNumber,
)

DEFAULT_NUMBER_PATTERN = "SK/{year}/{seq:05d}"


def format_number(*, year: int, seq: int) -> str:
    pattern = getattr(settings, "CERTIFICATES_NUMBER_PATTERN", DEFAULT_NUMBER_PATTERN)
    return pattern.format(year=year, seq=seq)


def _counter_locked(year: int) -> NumberCounter:
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        year=year
    )
    return counter


def number_take(*, year: int) -> int:
    """The next number of ``year``'s register: the lowest given back, else
    a new one. Must run inside the issuing transaction: the counter row
    stays locked until it commits, and a rollback returns the number, so
    the register has no gaps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside a transaction")
    counter = _counter_locked(year)
    returned = (
        ReservedNumber.objects.filter(year=year, chunk__isnull=True)
        .order_by("sequence")
        .values_list("pk", "sequence")
        .first()
    )
    if returned is not None:
        taken = ReservedNumber.objects.filter(pk=returned[0])
        taken._raw_delete(taken.db)
        return returned[1]
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def numbers_reserve(
    *, chunk_id: int, year: int, completion_ids: list[int]
) -> dict[int, ReservedNumber]:
    """Reserve one number of ``year`` for each of ``completion_ids`` for the
    chunk, in one short transaction under the counter lock: numbers given
    back first (lowest first), then new ones. Returns {completion id:
    its ReservedNumber}."""
    if not completion_ids:
        return {}
    counter = _counter_locked(year)
    pool = list(
        ReservedNumber.objects.select_for_update()
        .filter(year=year, chunk__isnull=True)
        .order_by("sequence")[: len(completion_ids)]
    )
    rows = []
    for row, completion_id in zip(pool, completion_ids, strict=False):
        row.chunk_id, row.completion_id = chunk_id, completion_id
        rows.append(row)
    if rows:
        ReservedNumber.objects.bulk_update(rows, ["chunk", "completion"])
    fresh = completion_ids[len(rows) :]
    if fresh:
        rows += ReservedNumber.objects.bulk_create(
            ReservedNumber(
                year=year,
                sequence=counter.last + offset,
                chunk_id=chunk_id,
                completion_id=completion_id,
            )
            for offset, completion_id in enumerate(fresh, start=1)
        )
        counter.last += len(fresh)
        counter.save(update_fields=["last"])
    return {row.completion_id: row for row in rows}


@transaction.atomic
def numbers_give_back(*, chunk_id: int, year: int, sequences: list[int]) -> int:
    """Give back numbers of ``year`` the chunk reserved and will not use:
    into the pool the next issue takes from first, or, at the top of the
    counter, by lowering it. A number the chunk no longer holds (issued
    meanwhile, by a twin run of the chunk) is left alone. Returns how many
    were given back."""
    if not sequences:
        return 0
    counter = _counter_locked(year)
    # Waits for a transaction that is issuing one of these numbers; once it
    # commits, that number's row is gone and it is not given back.
    given = ReservedNumber.objects.filter(
        year=year, chunk_id=chunk_id, sequence__in=sequences
    ).update(chunk=None, completion=None)
    top = list(
        ReservedNumber.objects.filter(year=year, chunk__isnull=True)
        .order_by("-sequence")
        .values_list("sequence", flat=True)[:1000]
    )
    lowered = counter.last
    for sequence in top:
        if sequence != lowered:
            break
        lowered -= 1
    if lowered != counter.last:
        ReservedNumber.objects.filter(
            year=year, chunk__isnull=True, sequence__gt=lowered
        ).delete()
        counter.last = lowered
        counter.save(update_fields=["last"])
    return given


def reserved_number_take(*, row: ReservedNumber) -> bool:
    """Take a reserved number for the certificate being issued: delete its
    row inside the issuing transaction. False when the chunk no longer
    holds it (given back meanwhile): the number is not this issue's."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserved_number_take must run inside a transaction")
    rows = ReservedNumber.objects.filter(
        pk=row.pk, chunk_id=row.chunk_id, sequence=row.sequence
    )
    # One DELETE (``delete()`` would select the rows first, to collect what
    # cascades from them: nothing does).
    return rows._raw_delete(rows.db) == 1


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


def status_indexes_draw(count: int) -> list[int]:
    """Up to ``count`` distinct random status-list indexes no certificate
    holds yet, in one query while the list is mostly empty (a bulk-issue
    chunk draws its own at once; fewer only when the list is almost full).
    Two chunks may still draw the same index: the later insert fails on the
    unique index and draws again."""
    candidates = {secrets.randbelow(STATUS_LIST_SIZE) for _ in range(2 * count + 16)}
    taken = set(
        Certificate.objects.filter(status_index__in=candidates).values_list(
            "status_index", flat=True
        )
    )
    free = list(candidates - taken)
    if len(free) < count:
        taken = set(Certificate.objects.values_list("status_index", flat=True))
        free = [index for index in range(STATUS_LIST_SIZE) if index not in taken]
    secrets.SystemRandom().shuffle(free)
    return free[:count]


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
