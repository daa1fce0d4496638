"""PZK teams and their members, and the places events reserve for teams
(with the registrations made on them)."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from szkola.accounts.constants import InstitutionSector, Voivodeship

POWIAT_TERYT = RegexValidator(
    r"^\d{4}$", _("Kod TERYT powiatu to cztery cyfry, np. 2007.")
)
GMINA_TERYT = RegexValidator(
    r"^\d{7}$", _("Kod TERYT gminy to siedem cyfr, np. 2007042.")
)


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
