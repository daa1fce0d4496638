"""Bulk-issue runs and their chunks (one task each)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import SourceKind


class BulkIssue(models.Model):
    """One bulk-issue run for every eligible participant of a source."""

    # Not content: keep it out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("oczekuje")
        RUNNING = "running", _("w toku")
        DONE = "done", _("zakończone")
        FAILED = "failed", _("błąd")

    source_kind = models.CharField(
        _("rodzaj"), max_length=10, choices=SourceKind.choices
    )
    source_id = models.PositiveIntegerField(_("id źródła"))
    source_title = models.CharField(_("tytuł"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # Who was skipped and why: [{"name": ..., "reason": ...}], shown with the
    # result (already holding a certificate, missing template, bad data...).
    skipped = models.JSONField(_("pominięci"), default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wydanie zbiorcze")
        verbose_name_plural = _("wydania zbiorcze")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_title} ({self.done}/{self.total})"

    def as_payload(self) -> dict:
        return {
            "id": self.pk,
            "status": self.status,
            "total": self.total,
            "done": self.done,
            "issued": self.issued,
            "failed": self.failed,
            "skipped": self.skipped,
        }


class BulkIssueChunk(models.Model):
    """A slice of a bulk issue run as its own task, so that several workers
    share one run; the run's counts are the sums of its chunks'."""

    wagtail_reference_index_ignore = True

    bulk = models.ForeignKey(BulkIssue, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    completion_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=10,
        choices=BulkIssue.Status.choices,
        default=BulkIssue.Status.PENDING,
    )
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["bulk", "index"]
        constraints = [
            models.UniqueConstraint(fields=["bulk", "index"], name="bulk_chunk_index")
        ]

    def __str__(self) -> str:
        return f"{self.bulk_id}/{self.index}"
