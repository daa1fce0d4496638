"""Outgoing email, stored before it is sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """An email on its way out: stored first (in the sender's transaction),
    then sent by a task, retried with back-off while the mail server refuses
    for the time being, and kept with the reason when it refuses for good."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("w kolejce")
        SENT = "sent", _("wysłany")
        FAILED = "failed", _("nie do wysłania")

    status = models.CharField(
        _("stan"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    from_email = models.CharField(_("nadawca"), max_length=300)
    to = models.JSONField(_("odbiorcy"), default=list)
    cc = models.JSONField(_("kopia"), default=list, blank=True)
    bcc = models.JSONField(_("ukryta kopia"), default=list, blank=True)
    reply_to = models.JSONField(_("odpowiedź do"), default=list, blank=True)
    subject = models.CharField(_("temat"), max_length=500)
    body = models.TextField(_("treść (tekst)"), blank=True)
    alternatives = models.JSONField(_("inne wersje treści"), default=list, blank=True)
    attachments = models.JSONField(_("załączniki"), default=list, blank=True)
    headers = models.JSONField(_("nagłówki"), default=dict, blank=True)
    # Whose it is: the voivodeship (TERYT code, "MR" or "") whose
    # coordinators may see it, and the object it belongs to ("events.registration:12").
    scope = models.CharField(_("województwo"), max_length=2, blank=True, db_index=True)
    related = models.CharField(_("dotyczy"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("próby"), default=0)
    next_attempt_at = models.DateTimeField(_("następna próba"), default=timezone.now)
    sent_at = models.DateTimeField(_("wysłano"), null=True, blank=True)
    last_error = models.TextField(_("ostatni błąd"), blank=True)

    class Meta:
        verbose_name = _("wiadomość e-mail")
        verbose_name_plural = _("skrzynka nadawcza")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
