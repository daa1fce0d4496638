"""The pages editors write: the events index, an event with its days,
programme, speakers and voivodeships' quotas."""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
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

from szkola.accounts.constants import Organiser, Voivodeship
from szkola.accounts.page_forms import OrganiserScopedPageForm
from szkola.accounts.permissions import (
    COORDINATORS_GROUP,
    OrganiserScopedPage,
    SharedContainerPage,
)
from szkola.home.blocks import SharedStreamBlock

from ..rules import AttendanceRule


class EventKind(models.TextChoices):
    TRAINING_TWO_DAY = "training2", _("szkolenie dwudniowe")
    TRAINING_ONE_DAY = "training1", _("szkolenie jednodniowe")
    EXCHANGE_VISIT = "exchange", _("partnerskie spotkanie wymiany doświadczeń")
    CONFERENCE = "conference", _("konferencja")
    SEMINAR = "seminar", _("seminarium warsztatowe")


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
        from ..selectors import event_index_context

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
        except ObjectDoesNotExist:
            return self.capacity
        return state.capacity_for(self)

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
        from ..selectors import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(event=self, request=request))
        return context


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
