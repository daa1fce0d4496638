"""Documents kept with an event: the signed scans of its attendance lists."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttendanceScan(models.Model):
    """A signed attendance list of one event day, scanned and uploaded back
    by a coordinator. The file sits in the private storage
    (``events.storage``) and is sent only to staff in scope."""

    wagtail_reference_index_ignore = True

    day = models.ForeignKey(
        "events.EventDay",
        on_delete=models.CASCADE,
        related_name="scans",
        verbose_name=_("dzień"),
    )
    file = models.CharField(_("plik"), max_length=255)
    original_name = models.CharField(_("nazwa pliku"), max_length=255)
    content_type = models.CharField(_("typ pliku"), max_length=100)
    size = models.PositiveIntegerField(_("rozmiar (bajty)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("przesłano"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("przesłał(a)"),
    )

    class Meta:
        verbose_name = _("skan podpisanej listy obecności")
        verbose_name_plural = _("skany podpisanych list obecności")
        ordering = ["day__date", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.day} — {self.original_name}"
