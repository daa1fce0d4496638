"""Coaching, supervision and advisory sessions: the session, a person's
booking (with attendance) and the notes on it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from szkola.accounts.constants import Organiser

from ..rules import SupportKind
from .teams import Team


class SupportSession(models.Model):
    """A coaching, supervision or advisory session (or a bookable slot) with
    one coach, supervisor or advisor."""

    wagtail_reference_index_ignore = True

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("stacjonarnie")
        ONLINE = "online", _("online")

    kind = models.CharField(
        _("forma wsparcia"), max_length=12, choices=SupportKind.choices
    )
    title = models.CharField(_("temat"), max_length=200)
    description = models.TextField(_("opis"), blank=True)
    organiser = models.CharField(
        _("organizator"), max_length=2, choices=Organiser.choices
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="support_sessions_led",
        verbose_name=_("prowadzący (coach, superwizor, doradca)"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_sessions",
        verbose_name=_("tylko dla zespołu"),
        help_text=_("Puste: dla każdego uczestnika z województwa organizatora."),
    )
    starts_at = models.DateTimeField(_("początek"))
    ends_at = models.DateTimeField(_("koniec"))
    hours = models.DecimalField(
        _("liczba godzin"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    mode = models.CharField(_("forma"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("miejsce lub link"), max_length=255, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("liczba miejsc"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1: spotkanie indywidualne; więcej: mała grupa."),
    )
    cancelled_at = models.DateTimeField(_("odwołano"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("organiser")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("provider"),
        FieldPanel("team"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("capacity")]),
                FieldRowPanel([FieldPanel("mode"), FieldPanel("place")]),
            ],
            heading=_("Termin i miejsce"),
        ),
    ]

    class Meta:
        verbose_name = _("sesja wsparcia")
        verbose_name_plural = _("sesje wsparcia (coaching, superwizja, doradztwo)")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SupportBooking(models.Model):
    """A person's place in a support session, with attendance and hours."""

    wagtail_reference_index_ignore = True

    session = models.ForeignKey(
        SupportSession, on_delete=models.CASCADE, related_name="bookings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="support_bookings",
        verbose_name=_("uczestnik"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    booked_at = models.DateTimeField(_("zarezerwowano"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("anulowano"), null=True, blank=True)
    attended = models.BooleanField(_("obecny"), null=True, blank=True)
    hours = models.DecimalField(
        _("zaliczone godziny"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rezerwacja sesji wsparcia")
        verbose_name_plural = _("rezerwacje sesji wsparcia")
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(cancelled_at__isnull=True),
                name="programme_booking_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"


class SupportNote(models.Model):
    """A note of a session: read only by its participant and the session's
    coach (never by coordinators; see support_selectors.support_notes_for)."""

    wagtail_reference_index_ignore = True

    booking = models.ForeignKey(
        SupportBooking, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("notatka"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notatka z sesji")
        verbose_name_plural = _("notatki z sesji")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # Never the text: notes are private to the participant and the coach.
        return f"{self.booking_id}@{self.created_at:%Y-%m-%d %H:%M}"
