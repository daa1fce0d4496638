"""Records of the programme of the Szkoła Kooperacji: PZK teams and their
members, places that events reserve for teams, learning paths with their
components and participants, and coaching / supervision / advisory sessions.

Every change goes through ``services``; nothing here decides who may do what.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from events.models import EventKind
from szkola.accounts.constants import InstitutionSector, Organiser, Voivodeship

from .rules import ComponentKind, SupportKind

POWIAT_TERYT = RegexValidator(
    r"^\d{4}$", _("Kod TERYT powiatu to cztery cyfry, np. 2007.")
)
GMINA_TERYT = RegexValidator(
    r"^\d{7}$", _("Kod TERYT gminy to siedem cyfr, np. 2007042.")
)


# --- PZK teams -------------------------------------------------------------


class Team(models.Model):
    """A Partnerski Zespół Kooperacji: the institutions of one gmina and its
    powiat, led by a gmina animator and a powiat animator."""

    wagtail_reference_index_ignore = True

    name = models.CharField(_("nazwa zespołu"), max_length=200)
    gmina = models.CharField(_("gmina"), max_length=100)
    gmina_teryt = models.CharField(
        _("kod TERYT gminy"), max_length=7, unique=True, validators=[GMINA_TERYT]
    )
    powiat = models.CharField(_("powiat"), max_length=100)
    powiat_teryt = models.CharField(
        _("kod TERYT powiatu"), max_length=4, validators=[POWIAT_TERYT]
    )
    voivodeship = models.CharField(
        _("województwo"), max_length=2, choices=Voivodeship.choices
    )
    gmina_animator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("animator gminny"),
    )
    powiat_animator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("animator powiatowy"),
    )
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("gmina"), FieldPanel("gmina_teryt")]),
        FieldRowPanel([FieldPanel("powiat"), FieldPanel("powiat_teryt")]),
        FieldPanel("voivodeship"),
    ]

    class Meta:
        verbose_name = _("Partnerski Zespół Kooperacji")
        verbose_name_plural = _("Partnerskie Zespoły Kooperacji")
        ordering = ["voivodeship", "gmina"]

    def __str__(self) -> str:
        return self.name

    def animator_ids(self) -> set[int]:
        return {pk for pk in (self.gmina_animator_id, self.powiat_animator_id) if pk}


class TeamMember(models.Model):
    """A person's membership of a team. Removing a member who already has
    history in the programme keeps the row (``removed_at``), so nothing of
    what they did is lost."""

    wagtail_reference_index_ignore = True

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("zespół")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("osoba"),
    )
    institution_name = models.CharField(_("instytucja"), max_length=255, blank=True)
    institution_sector = models.CharField(
        _("sektor"), max_length=20, choices=InstitutionSector.choices, blank=True
    )
    role = models.CharField(
        _("rola w zespole"),
        max_length=150,
        blank=True,
        help_text=_("Np. przewodnicząca, członek, ekspert."),
    )
    joined_at = models.DateTimeField(_("dołączył(a)"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("wypisano z zespołu"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("członek zespołu")
        verbose_name_plural = _("członkowie zespołów")
        ordering = ["team", "user__last_name", "user__first_name"]
        constraints = [
            # One current team per person; earlier memberships stay.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(removed_at__isnull=True),
                name="programme_one_current_team",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team}"

    @property
    def is_current(self) -> bool:
        return self.removed_at is None


class TeamEventPlaces(models.Model):
    """Places an event keeps for one team: the team's animators register
    members up to this number (the event's own capacity still applies)."""

    wagtail_reference_index_ignore = True

    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        related_name="event_places",
        verbose_name=_("zespół"),
    )
    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("wydarzenie"),
    )
    places = models.PositiveSmallIntegerField(
        _("liczba miejsc"), validators=[MinValueValidator(1)]
    )

    panels = [FieldPanel("team"), FieldPanel("event"), FieldPanel("places")]

    class Meta:
        verbose_name = _("miejsca dla zespołu")
        verbose_name_plural = _("miejsca dla zespołów")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "event"], name="programme_places_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} — {self.event}"


class TeamRegistration(models.Model):
    """A registration an animator made on the team's places."""

    wagtail_reference_index_ignore = True

    places = models.ForeignKey(
        TeamEventPlaces, on_delete=models.CASCADE, related_name="registrations"
    )
    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="team_place"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("zapis z puli zespołu")
        verbose_name_plural = _("zapisy z puli zespołów")

    def __str__(self) -> str:
        return f"{self.places_id}: {self.registration_id}"


# --- Learning paths --------------------------------------------------------


class LearningPath(ClusterableModel):
    """A ścieżka: required and optional components and a completion rule
    (every required component and at least ``min_optional`` optional ones)."""

    wagtail_reference_index_ignore = True

    title = models.CharField(_("nazwa ścieżki"), max_length=200)
    description = models.TextField(_("opis"), blank=True)
    organiser = models.CharField(
        _("organizator"), max_length=2, choices=Organiser.choices
    )
    min_optional = models.PositiveSmallIntegerField(
        _("wymagana liczba elementów do wyboru"),
        default=0,
        help_text=_("Ile elementów nieobowiązkowych trzeba ukończyć."),
    )
    is_open = models.BooleanField(
        _("otwarta dla uczestników"),
        default=True,
        help_text=_("Uczestnicy widzą ją i mogą ją rozpocząć."),
    )
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("is_open")]),
        InlinePanel("components", heading=_("Elementy"), label=_("element")),
        FieldPanel("min_optional"),
    ]

    class Meta:
        verbose_name = _("ścieżka edukacyjna")
        verbose_name_plural = _("ścieżki edukacyjne")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PathComponent(Orderable):
    """One element of a path: a course, N events of a kind, or hours of a
    form of support."""

    path = ParentalKey(
        LearningPath, on_delete=models.CASCADE, related_name="components"
    )
    kind = models.CharField(_("rodzaj"), max_length=10, choices=ComponentKind.choices)
    required = models.BooleanField(_("obowiązkowy"), default=True)
    label = models.CharField(
        _("nazwa w ścieżce"),
        max_length=200,
        blank=True,
        help_text=_("Np. „Wizyta studyjna”. Puste: nazwa tworzona automatycznie."),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kurs online"),
    )
    event_kind = models.CharField(
        _("rodzaj wydarzenia"), max_length=20, choices=EventKind.choices, blank=True
    )
    event_count = models.PositiveSmallIntegerField(_("liczba wydarzeń"), default=1)
    support_kind = models.CharField(
        _("forma wsparcia"), max_length=12, choices=SupportKind.choices, blank=True
    )
    support_hours = models.DecimalField(
        _("liczba godzin wsparcia"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("label"),
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("event_kind"), FieldPanel("event_count")]),
        FieldRowPanel([FieldPanel("support_kind"), FieldPanel("support_hours")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("element ścieżki")
        verbose_name_plural = _("elementy ścieżki")

    def __str__(self) -> str:
        from .rules import component_label

        return component_label(self)


class PathEnrolment(models.Model):
    """A person on a path; ``completed_at`` is set once, when the rule holds."""

    wagtail_reference_index_ignore = True

    path = models.ForeignKey(
        LearningPath,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("ścieżka"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="path_enrolments",
        verbose_name=_("uczestnik"),
    )
    joined_at = models.DateTimeField(_("rozpoczęto"), default=timezone.now)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("ukończono"), null=True, blank=True)
    # What was counted when the path was completed (the certificate's source).
    snapshot = models.JSONField(_("ukończone elementy"), default=dict, blank=True)

    class Meta:
        verbose_name = _("uczestnik ścieżki")
        verbose_name_plural = _("uczestnicy ścieżek")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "user"], name="programme_path_enrolment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.path}"


# --- Coaching, supervision, advisory ---------------------------------------


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
    coach (never by coordinators; see selectors.support_notes_for)."""

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
