"""A person's registration for an event, the event's registration state
(the row every write about places locks) and the personal calendar feed."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szkola.accounts.constants import InstitutionSector, Voivodeship

from ..rules import new_checkin_code
from .pages import EventPage


class EventState(models.Model):
    """Operational state of an event, changed only by services; the row that
    registrations lock (SELECT … FOR UPDATE) so places are never oversold."""

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, related_name="state"
    )
    cancelled_at = models.DateTimeField(_("odwołano"), null=True, blank=True)
    cancellation_reason = models.TextField(_("powód odwołania"), blank=True)
    attendance_closed_at = models.DateTimeField(
        _("lista obecności zamknięta"), null=True, blank=True
    )
    attendance_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A coordinator's deliberate change of the number of places (the page's
    # "liczba miejsc" stays as published); see services.event_capacity_override.
    capacity_override = models.PositiveIntegerField(
        _("liczba miejsc ustalona przez koordynatora"), null=True, blank=True
    )
    capacity_override_reason = models.TextField(
        _("powód zmiany liczby miejsc"), blank=True
    )
    capacity_override_at = models.DateTimeField(null=True, blank=True)
    capacity_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What calendar clients compare (RFC 5545 SEQUENCE and LAST-MODIFIED):
    # moved on by events.services.calendar whenever the days' times change,
    # and when the event is called off. The fingerprint is of the times last
    # sent out, so publishing an unchanged page moves nothing.
    calendar_sequence = models.PositiveIntegerField(default=0)
    calendar_fingerprint = models.CharField(max_length=64, blank=True)
    calendar_modified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stan wydarzenia")
        verbose_name_plural = _("stany wydarzeń")

    def __str__(self) -> str:
        return f"{self.event_id}"

    def capacity_for(self, event: "EventPage") -> int:
        """The places of ``event`` that count: the coordinator's override when
        set, else the page's capacity."""
        if self.capacity_override is not None:
            return self.capacity_override
        return event.capacity


class Diet(models.TextChoices):
    STANDARD = "standard", _("tradycyjna")
    VEGETARIAN = "vegetarian", _("wegetariańska")
    VEGAN = "vegan", _("wegańska")
    GLUTEN_FREE = "gluten_free", _("bezglutenowa")
    LACTOSE_FREE = "lactose_free", _("bez laktozy")
    OTHER = "other", _("inna (opisz w uwagach)")


class Registration(models.Model):
    """A person's place (or wish for one) at an event."""

    # Nothing in the admin lists what refers to a registration, and indexing
    # each insert cost five queries under the event's lock.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("oczekuje na akceptację")
        CONFIRMED = "confirmed", _("potwierdzone")
        WAITLISTED = "waitlisted", _("lista rezerwowa")
        REJECTED = "rejected", _("odrzucone")
        CANCELLED = "cancelled", _("anulowane")

    # Statuses that hold a place (count against capacity and quotas); a
    # waiting person with an open offer holds one too (see ``holds_place``).
    HOLDING = (Status.PENDING, Status.CONFIRMED)

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, db_index=True
    )
    created_at = models.DateTimeField(_("zgłoszono"), default=timezone.now)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    # Order on the waiting list: lower first. Set when waitlisted; a
    # coordinator may move people by changing it.
    waitlist_rank = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Why a coordinator rejected or cancelled it (the participant is told).
    decision_reason = models.TextField(_("uzasadnienie decyzji"), blank=True)
    # Added by a coordinator (phone or walk-in) rather than by the person.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A waiting person offered a freed place (events with a time to accept):
    # the place is kept for them until then, and counts as held.
    offer_expires_at = models.DateTimeField(
        _("miejsce do przyjęcia do"), null=True, blank=True
    )

    # Needs.
    nights = models.JSONField(
        _("noclegi"),
        default=list,
        blank=True,
        help_text=_("Daty nocy (ISO), w które zaczyna się nocleg."),
    )
    meals = models.BooleanField(_("wyżywienie"), default=True)
    diet = models.CharField(
        _("dieta"), max_length=20, choices=Diet.choices, default=Diet.STANDARD
    )
    diet_notes = models.CharField(_("uwagi o diecie"), max_length=255, blank=True)
    accessibility_needs = models.TextField(
        _("potrzeby związane z dostępnością"), blank=True
    )

    # Snapshot of the participant at registration time.
    participant_name = models.CharField(_("uczestnik"), max_length=255)
    institution_name = models.CharField(_("instytucja"), max_length=255, blank=True)
    institution_sector = models.CharField(
        _("sektor"), max_length=20, choices=InstitutionSector.choices, blank=True
    )
    position = models.CharField(_("stanowisko"), max_length=150, blank=True)
    gmina = models.CharField(_("gmina"), max_length=100, blank=True)
    powiat = models.CharField(_("powiat"), max_length=100, blank=True)
    voivodeship = models.CharField(
        _("województwo"), max_length=2, choices=Voivodeship.choices, blank=True
    )

    # Random, carries no personal data; the QR code holds it signed for this
    # event only (see services.checkin_token).
    checkin_code = models.CharField(
        max_length=32, unique=True, default=new_checkin_code, editable=False
    )
    completed_at = models.DateTimeField(_("ukończono"), null=True, blank=True)

    class Meta:
        verbose_name = _("zgłoszenie")
        verbose_name_plural = _("zgłoszenia")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="events_registration_once"
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.participant_name} — {self.event_id}"

    @classmethod
    def holding_q(
        cls, prefix: str = "", *, open_at: datetime.datetime | None = None
    ) -> models.Q:
        """Registrations that take up a place: pending, confirmed, or waiting
        with an offer of a freed place. ``prefix`` for lookups across a
        relation (``"registrations__"``). With ``open_at``, only offers still
        open at that moment count: for what pages show, as an offer that ran
        out is passed on only when the event is next locked; services count
        under the lock after passing lapsed offers on, so they leave it out.
        """
        offer = (
            {f"{prefix}offer_expires_at__isnull": False}
            if open_at is None
            else {f"{prefix}offer_expires_at__gt": open_at}
        )
        return models.Q(**{f"{prefix}status__in": cls.HOLDING}) | models.Q(
            **{f"{prefix}status": cls.Status.WAITLISTED}, **offer
        )

    @classmethod
    def holding_sql(cls, alias: str) -> tuple[str, list]:
        """``holding_q()`` as an SQL condition on the registrations table
        aliased ``alias``, with its parameters: for the few statements run
        under an event's lock, written once instead of compiled by the ORM on
        every request."""
        statuses = ", ".join(["%s"] * len(cls.HOLDING))
        return (
            f"({alias}.status IN ({statuses}) OR ({alias}.status = %s "
            f"AND {alias}.offer_expires_at IS NOT NULL))",
            [*cls.HOLDING, cls.Status.WAITLISTED],
        )

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING or (
            self.status == self.Status.WAITLISTED and self.offer_expires_at is not None
        )

    @property
    def offer_is_open(self) -> bool:
        """Waiting, with a freed place offered that may still be taken now."""
        return (
            self.status == self.Status.WAITLISTED
            and self.offer_expires_at is not None
            and self.offer_expires_at > timezone.now()
        )


def new_feed_token() -> str:
    """A fresh secret for a calendar feed's address."""
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's iCalendar feed of confirmed events."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kalendarz uczestnika")
        verbose_name_plural = _("kalendarze uczestników")

    def __str__(self) -> str:
        return str(self.user_id)
