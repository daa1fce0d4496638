from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .texts import text_render

TITLE_LENGTH = 200


class Notification(models.Model):
    """A message to one user: stored first, then pushed live if they are online."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("odbiorca"),
    )
    kind = models.CharField(_("rodzaj"), max_length=60, default="info")
    title = models.CharField(_("tytuł"), max_length=TITLE_LENGTH)
    body = models.TextField(_("treść"), blank=True)
    url = models.CharField(_("odnośnik"), max_length=500, blank=True)
    # The title and body as source strings and parameters (see texts.py),
    # shown in the reader's language. Empty on rows stored before: their
    # title and body are shown as they were written.
    message = models.JSONField(_("treść do tłumaczenia"), default=dict, blank=True)
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    read_at = models.DateTimeField(_("przeczytano"), null=True, blank=True)

    class Meta:
        verbose_name = _("powiadomienie")
        verbose_name_plural = _("powiadomienia")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        if "title" in self.message:
            return text_render(self.message["title"])[:TITLE_LENGTH]
        return self.title

    @property
    def display_body(self) -> str:
        """The body in the active language."""
        if "body" in self.message:
            return text_render(self.message["body"])
        return self.body

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def as_payload(self) -> dict:
        """Plain JSON for the browser."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "title": self.display_title,
            "body": self.display_body,
            "url": self.url,
            "created_at": self.created_at.isoformat(),
            "read": self.is_read,
        }
