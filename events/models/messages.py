"""Messages from coordinators to the registrants of an event, and the marker
that a registration has had its reminder before the event."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Largest attachment a coordinator may send (bytes); it travels in every
# recipient's email, so it is kept small.
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


class EventMessage(models.Model):
    """An email a coordinator wrote to a chosen set of an event's registrants.

    Stored as a draft when the coordinator asks for the preview; ``sent_at``
    is set when they confirm, and from then on it is the record of what was
    sent and to whom (``recipients``). The attachment is kept in the database,
    not among the public media files: it goes only to the recipients."""

    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("wydarzenie"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("autor"),
    )
    statuses = models.JSONField(
        _("statusy zgłoszeń adresatów"),
        default=list,
        help_text=_("Wiadomość dostają osoby, których zgłoszenia mają te statusy."),
    )
    subject = models.CharField(_("temat"), max_length=150)
    body = models.TextField(_("treść"))
    attachment_name = models.CharField(_("załącznik"), max_length=150, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_data = models.BinaryField(blank=True, default=b"", editable=False)
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    sent_at = models.DateTimeField(_("wysłano"), null=True, blank=True)

    class Meta:
        verbose_name = _("wiadomość do uczestników")
        verbose_name_plural = _("wiadomości do uczestników")
        ordering = ["-sent_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["event", "sent_at"])]

    def __str__(self) -> str:
        return self.subject


class EventMessageRecipient(models.Model):
    """One person a message was sent to: who, at which address and in which
    status at the time, and when the email left (``emailed_at``, so a task run
    twice emails nobody twice)."""

    message = models.ForeignKey(
        EventMessage, on_delete=models.CASCADE, related_name="recipients"
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    name = models.CharField(_("uczestnik"), max_length=255)
    email = models.EmailField(_("adres e-mail"))
    status = models.CharField(_("status zgłoszenia"), max_length=20)
    emailed_at = models.DateTimeField(_("e-mail wysłano"), null=True, blank=True)

    class Meta:
        verbose_name = _("adresat wiadomości")
        verbose_name_plural = _("adresaci wiadomości")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"],
                name="events_message_recipient_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class RegistrationReminder(models.Model):
    """The marker that a registration was reminded of its event: one per
    registration, so the reminder goes once however often the job runs."""

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="reminder"
    )
    sent_at = models.DateTimeField(_("wysłano"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mail wysłano"), null=True, blank=True)

    class Meta:
        verbose_name = _("przypomnienie o wydarzeniu")
        verbose_name_plural = _("przypomnienia o wydarzeniach")

    def __str__(self) -> str:
        return f"{self.registration_id}"
