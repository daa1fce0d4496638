"""Learning paths: their components and the people following them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from events.models import EventKind
from szkola.accounts.constants import Organiser

from ..rules import ComponentKind, SupportKind


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
        from ..rules import component_label

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
