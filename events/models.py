"""Trainings, exchange visits and conferences: pages, days, registrations,
attendance.

Page fields are what editors write (and Wagtail revisions restore); the
operational state that services change (cancellation, the closing of the
attendance list) lives in ``EventState`` so that publishing an old revision
never undoes it. ``EventState`` is also the row that registrations lock.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from szkola.accounts.constants import InstitutionSector, Organiser, Voivodeship
from szkola.accounts.page_forms import OrganiserScopedPageForm
from szkola.accounts.permissions import (
    COORDINATORS_GROUP,
    OrganiserScopedPage,
    SharedContainerPage,
)
from szkola.home.blocks import SharedStreamBlock


class EventKind(models.TextChoices):
    TRAINING_TWO_DAY = "training2", _("szkolenie dwudniowe")
    TRAINING_ONE_DAY = "training1", _("szkolenie jednodniowe")
    EXCHANGE_VISIT = "exchange", _("partnerskie spotkanie wymiany doświadczeń")
    CONFERENCE = "conference", _("konferencja")
    SEMINAR = "seminar", _("seminarium warsztatowe")


class AttendanceRule(models.TextChoices):
    ALL_DAYS = "all_days", _("obecność każdego dnia")
    MIN_SHARE = "min_share", _("minimalny odsetek godzin")


class EventIndexPage(SharedContainerPage, Page):
    """A list of events (trainings, conferences or study visits).

    Coordinators add, edit and publish events here; which events each of
    them may act on follows the event's organiser (accounts.permissions)."""

    container_group_permissions = {
        COORDINATORS_GROUP: [
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        ]
    }

    lead = models.TextField(_("wprowadzenie"), blank=True)
    body = StreamField(SharedStreamBlock(), blank=True, verbose_name=_("treść"))

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("lista wydarzeń")
        verbose_name_plural = _("listy wydarzeń")

    def get_context(self, request, *args, **kwargs):
        from .selectors import event_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(index_page=self, request=request))
        return context


class EventPage(OrganiserScopedPage, Page):
    """One training, exchange visit, conference or seminar."""

    base_form_class = OrganiserScopedPageForm

    kind = models.CharField(
        _("rodzaj"),
        max_length=20,
        choices=EventKind.choices,
        default=EventKind.TRAINING_TWO_DAY,
    )
    organiser = models.CharField(
        _("organizator"),
        max_length=2,
        choices=Organiser.choices,
        help_text=_("Województwo, albo makroregion dla wydarzeń ponadregionalnych."),
    )
    lead = models.TextField(_("wprowadzenie"), blank=True)
    body = StreamField(SharedStreamBlock(), blank=True, verbose_name=_("opis"))
    target_groups = models.TextField(_("dla kogo"), blank=True)

    venue_name = models.CharField(_("miejsce"), max_length=255)
    venue_address = models.CharField(_("adres"), max_length=255, blank=True)
    city = models.CharField(
        _("miejscowość"),
        max_length=100,
        help_text=_("Wpisywana na zaświadczeniu."),
    )

    registration_opens_at = models.DateTimeField(_("zapisy od"))
    registration_closes_at = models.DateTimeField(_("zapisy do"))
    cancellation_deadline = models.DateTimeField(
        _("rezygnacja możliwa do"),
        null=True,
        blank=True,
        help_text=_("Puste: do końca zapisów."),
    )
    capacity = models.PositiveIntegerField(_("liczba miejsc"), default=30)
    approval_required = models.BooleanField(
        _("zgłoszenia wymagają akceptacji koordynatora"), default=False
    )
    accommodation_offered = models.BooleanField(_("zapewniamy nocleg"), default=False)
    meals_offered = models.BooleanField(_("zapewniamy wyżywienie"), default=True)
    waitlist_offer_hours = models.PositiveSmallIntegerField(
        _("czas na przyjęcie miejsca z listy rezerwowej (godz.)"),
        default=0,
        help_text=_(
            "0: zwolnione miejsce od razu dostaje pierwsza osoba z listy "
            "rezerwowej. Więcej: dostaje ona tyle godzin na przyjęcie miejsca, "
            "potem oferta przechodzi na następną osobę."
        ),
    )

    attendance_rule = models.CharField(
        _("warunek ukończenia"),
        max_length=20,
        choices=AttendanceRule.choices,
        default=AttendanceRule.ALL_DAYS,
    )
    attendance_min_percent = models.PositiveSmallIntegerField(
        _("minimalny odsetek godzin (%)"),
        default=80,
        help_text=_("Używany, gdy warunkiem jest minimalny odsetek godzin."),
    )

    reminder_days_before = models.PositiveSmallIntegerField(
        _("przypomnienie na ile dni przed"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Osoby z potwierdzonym miejscem dostają przypomnienie z informacjami "
            "praktycznymi i plikiem kalendarza tyle dni przed pierwszym dniem. "
            "0: bez przypomnienia."
        ),
    )
    practical_info = models.TextField(
        _("informacje praktyczne (co zabrać)"),
        blank=True,
        help_text=_(
            "Dojazd, parking, co zabrać ze sobą; trafia do przypomnienia przed "
            "wydarzeniem."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("organiser")]),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("target_groups"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("city")],
            heading=_("Miejsce"),
        ),
        InlinePanel("days", heading=_("Dni"), label=_("dzień"), min_num=1),
        InlinePanel("programme_items", heading=_("Program"), label=_("punkt programu")),
        InlinePanel("speakers", heading=_("Prelegenci"), label=_("prelegent")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldPanel("cancellation_deadline"),
                FieldPanel("capacity"),
                FieldPanel("approval_required"),
                FieldPanel("waitlist_offer_hours"),
                FieldRowPanel(
                    [FieldPanel("accommodation_offered"), FieldPanel("meals_offered")]
                ),
            ],
            heading=_("Zapisy"),
        ),
        InlinePanel(
            "quotas", heading=_("Limity miejsc dla województw"), label=_("limit")
        ),
        MultiFieldPanel(
            [FieldPanel("attendance_rule"), FieldPanel("attendance_min_percent")],
            heading=_("Ukończenie"),
        ),
        MultiFieldPanel(
            [FieldPanel("reminder_days_before"), FieldPanel("practical_info")],
            heading=_("Przypomnienie przed wydarzeniem"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("city"),
        index.FilterField("kind"),
        index.FilterField("organiser"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("wydarzenie")
        verbose_name_plural = _("wydarzenia")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "Koniec zapisów musi być po ich początku."
            )
        if not 1 <= (self.attendance_min_percent or 0) <= 100:
            errors["attendance_min_percent"] = _("Podaj wartość od 1 do 100.")
        if errors:
            raise ValidationError(errors)

    # -- helpers for templates and services (days are prefetched by selectors)

    @cached_property
    def ordered_days(self) -> list["EventDay"]:
        return sorted(self.days.all(), key=lambda d: (d.date, d.start))

    @property
    def date_from(self):
        days = self.ordered_days
        return days[0].date if days else None

    @property
    def date_to(self):
        days = self.ordered_days
        return days[-1].date if days else None

    @property
    def total_hours(self) -> Decimal:
        return sum((d.hours for d in self.ordered_days), Decimal("0"))

    @property
    def effective_capacity(self) -> int:
        """Places that count: a coordinator's override, else ``capacity``
        (select_related("state") in lists to keep the query count fixed)."""
        try:
            state = self.state
        except EventState.DoesNotExist:
            return self.capacity
        return state.capacity_for(self)

    @property
    def is_conference(self) -> bool:
        return self.kind == EventKind.CONFERENCE

    @property
    def effective_cancellation_deadline(self):
        return self.cancellation_deadline or self.registration_closes_at

    def ends_at(self):
        """The end time of the last day, in the project's time zone."""
        days = self.ordered_days
        if not days:
            return None
        last = days[-1]
        return timezone.make_aware(
            datetime.datetime.combine(last.date, last.end),
            timezone.get_default_timezone(),
        )

    def get_context(self, request, *args, **kwargs):
        from .selectors import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(event=self, request=request))
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from .views import event_register

            return event_register(request, event=self)
        return super().serve(request, *args, **kwargs)


class EventDay(Orderable):
    """One day of an event; attendance is taken per day."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("data"))
    start = models.TimeField(_("początek"))
    end = models.TimeField(_("koniec"))
    hours = models.DecimalField(
        _("liczba godzin"), max_digits=4, decimal_places=1, default=Decimal("8.0")
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("hours"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("dzień wydarzenia")
        verbose_name_plural = _("dni wydarzenia")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"


class ProgrammeItem(Orderable):
    """A point of the programme on one day: a lecture, a workshop, a break.

    ``track`` names a parallel session of a conference (items with the same
    date and overlapping times in different tracks run in parallel)."""

    page = ParentalKey(
        EventPage, on_delete=models.CASCADE, related_name="programme_items"
    )
    date = models.DateField(_("dzień"))
    start = models.TimeField(_("od"))
    end = models.TimeField(_("do"), null=True, blank=True)
    title = models.CharField(_("temat"), max_length=255)
    description = models.TextField(_("opis"), blank=True)
    speaker = models.CharField(_("prowadzący"), max_length=255, blank=True)
    room = models.CharField(_("sala"), max_length=100, blank=True)
    track = models.CharField(
        _("sesja równoległa"),
        max_length=100,
        blank=True,
        help_text=_("Dla konferencji: nazwa ścieżki, np. „Sesja A”."),
    )
    hours = models.DecimalField(
        _("godziny dydaktyczne"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        help_text=_("0 dla przerw; wykazywane na zaświadczeniu."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("speaker"), FieldPanel("room"), FieldPanel("track")]),
        FieldPanel("hours"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("punkt programu")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return f"{self.date:%d.%m} {self.start:%H:%M} {self.title}"


class Speaker(Orderable):
    """A conference speaker."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("imię i nazwisko"), max_length=200)
    affiliation = models.CharField(_("instytucja, funkcja"), max_length=255, blank=True)
    bio = models.TextField(_("notka"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("zdjęcie"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("affiliation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("prelegent")
        verbose_name_plural = _("prelegenci")

    def __str__(self) -> str:
        return self.name


class EventQuota(Orderable):
    """At most ``places`` confirmed or pending places for participants from
    one voivodeship."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="quotas")
    voivodeship = models.CharField(
        _("województwo"), max_length=2, choices=Voivodeship.choices
    )
    places = models.PositiveIntegerField(_("miejsc"))

    panels = [FieldRowPanel([FieldPanel("voivodeship"), FieldPanel("places")])]

    class Meta(Orderable.Meta):
        verbose_name = _("limit miejsc")
        verbose_name_plural = _("limity miejsc")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "voivodeship"], name="events_quota_unique_voivodeship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_voivodeship_display()}: {self.places}"


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


def _new_checkin_code() -> str:
    return secrets.token_hex(8)


class Registration(models.Model):
    """A person's place (or wish for one) at an event."""

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
        max_length=32, unique=True, default=_new_checkin_code, editable=False
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


def new_feed_token() -> str:
    """A fresh secret for a calendar feed's address."""
    return secrets.token_urlsafe(24)


# The name migration 0001 refers to for the token's default.
_new_feed_token = new_feed_token


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


from .qa_models import Poll, PollOption, PollVote, QARoom, Question, QuestionVote  # noqa: E402, F401, I001
from .message_models import EventMessage, EventMessageRecipient, RegistrationReminder  # noqa: E402, F401, I001
from .document_models import AttendanceScan  # noqa: E402, F401
