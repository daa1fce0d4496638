"""The register's counters, one a year, and the numbers set aside: reserved
by a bulk-issue chunk or given back."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberCounter(models.Model):
    """The register's counter for one year. Locked with SELECT ... FOR UPDATE
    inside the issuing transaction, so numbers are unique and gap-free."""

    # Not content: keep it out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("licznik rejestru")
        verbose_name_plural = _("liczniki rejestru")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ReservedNumber(models.Model):
    """A register number set aside but not yet issued: reserved by a bulk
    issue chunk for one completion (``chunk`` set), or given back (``chunk``
    empty) for the next issue of its year to take first, lowest first. A
    number is in exactly one place: here, or on its certificate (the row is
    deleted in the transaction that inserts the certificate)."""

    wagtail_reference_index_ignore = True

    year = models.PositiveIntegerField(_("rok"))
    sequence = models.PositiveIntegerField(_("kolejny numer"))
    # A chunk deleted with its run gives its numbers back (SET_NULL).
    chunk = models.ForeignKey(
        "BulkIssueChunk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reserved_numbers",
    )
    completion = models.ForeignKey(
        "Completion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    since = models.DateTimeField(_("od"), auto_now_add=True)

    class Meta:
        verbose_name = _("numer zarezerwowany")
        verbose_name_plural = _("numery zarezerwowane")
        ordering = ["year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="certificates_reserved_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.sequence}"
