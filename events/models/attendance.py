"""Presence of a registered person on one event day."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import EventDay
from .registrations import Registration


class Attendance(models.Model):
    """Whether a registered person was present on one day; who marked it,
    when and how."""

    class Method(models.TextChoices):
        LIST = "list", _("lista")
        QR = "qr", _("kod QR")
        MANUAL = "manual", _("kod wpisany ręcznie")
        CORRECTION = "correction", _("korekta koordynatora")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.ForeignKey(
        EventDay, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("obecny"), default=True)
    marked_at = models.DateTimeField(_("kiedy"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto"),
    )
    method = models.CharField(_("jak"), max_length=20, choices=Method.choices)

    class Meta:
        verbose_name = _("obecność")
        verbose_name_plural = _("obecności")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"], name="events_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.day_id}: {self.present}"
