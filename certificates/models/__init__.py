"""Certificate templates, the numbering register, completions received from
courses and events, issued certificates and bulk-issue runs. The register's
numbers (``numbers``) and the bulk-issue runs (``bulk``) are modules of
their own, imported here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import PreviewableMixin, RevisionMixin

from szkola.accounts.constants import Organiser

from ..constants import DEFAULT_BODY_PL, STATUS_LIST_SIZE
from .bulk import BulkIssue, BulkIssueChunk
from .choices import STATUS_LABELS, Language, Orientation, SourceKind
from .numbers import NumberCounter, ReservedNumber


class SignatoryBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Imię i nazwisko"), max_length=120)
    function = blocks.CharBlock(label=_("Funkcja"), max_length=160)
    signature = ImageChooserBlock(label=_("Podpis (obraz)"), required=False)

    class Meta:
        icon = "user"
        label = _("Podpisujący")


class IssuingBody(models.Model):
    """Who issues the certificates of one organiser: each ROPS (MCPS in
    mazowieckie) issues its own; the macroregion's are issued by the
    project leader. Printed on the certificate with the place of issue."""

    organiser = models.CharField(
        _("organizator"),
        max_length=2,
        unique=True,
        choices=Organiser.choices,
        help_text=_("Województwo (lub makroregion), którego zaświadczenia wydaje."),
    )
    name = models.CharField(_("nazwa instytucji wydającej"), max_length=255)
    address = models.TextField(_("adres"), blank=True)
    place_of_issue = models.CharField(
        _("miejsce wydania"),
        max_length=100,
        help_text=_("Miejscowość drukowana przy dacie wydania, np. Rzeszów."),
    )

    panels = [
        FieldPanel("organiser"),
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("place_of_issue"),
    ]

    class Meta:
        verbose_name = _("instytucja wydająca zaświadczenia")
        verbose_name_plural = _("instytucje wydające zaświadczenia")
        ordering = ["organiser"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_organiser_display()})"


class CertificateTemplate(PreviewableMixin, RevisionMixin, ClusterableModel):
    """How a certificate looks. Each issue records the revision it used, so a
    later edit changes only certificates issued after it."""

    title = models.CharField(_("nazwa szablonu"), max_length=200)
    heading = models.CharField(
        _("nagłówek dokumentu"), max_length=120, default="ZAŚWIADCZENIE"
    )
    body = models.TextField(
        _("treść"),
        default=DEFAULT_BODY_PL,
        help_text=_(
            "Pola: {name}, {title}, {kind_label} (forma, np. szkolenie "
            "dwudniowe), {hours}, {dates}, {date_from}, {date_to}, {place}, "
            "{number}, {organiser}, {issuer}, {project}."
        ),
    )
    programme_heading = models.CharField(
        _("nagłówek programu"), max_length=120, default="Program"
    )
    show_programme = models.BooleanField(_("strona z programem"), default=True)
    show_outcomes = models.BooleanField(
        _("efekty uczenia się"),
        default=True,
        help_text=_("Drukuj efekty uczenia się kursu lub szkolenia, jeśli je podano."),
    )
    show_birth_date = models.BooleanField(
        _("data urodzenia"),
        default=False,
        help_text=_(
            "Drukuj datę urodzenia uczestnika, jeśli ją podał (wymagają tego "
            "niektóre instytucje pośredniczące)."
        ),
    )
    signatories = StreamField(
        [("signatory", SignatoryBlock())], blank=True, verbose_name=_("podpisujący")
    )
    logo_strip = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("pasek logotypów"),
        help_text=_("Puste: pasek finansowania z ustawień serwisu."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("tło"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    orientation = models.CharField(
        _("orientacja"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    language = models.CharField(
        _("język"), max_length=2, choices=Language.choices, default=Language.PL
    )
    kind = models.CharField(
        _("rodzaj źródła"),
        max_length=10,
        choices=SourceKind.choices,
        blank=True,
        help_text=_("Puste: dla kursów i wydarzeń."),
    )
    is_default = models.BooleanField(_("domyślny dla języka i rodzaju"), default=False)
    source_pages = ParentalManyToManyField(
        "wagtailcore.Page",
        blank=True,
        verbose_name=_("kursy i wydarzenia"),
        help_text=_("Kursy i wydarzenia, dla których ten szablon ma pierwszeństwo."),
    )

    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldPanel("kind"),
                FieldPanel("is_default"),
                FieldPanel("source_pages"),
            ],
            heading=_("Zastosowanie"),
        ),
        FieldPanel("heading"),
        FieldPanel("body"),
        FieldPanel("show_programme"),
        FieldPanel("programme_heading"),
        FieldPanel("show_outcomes"),
        FieldPanel("show_birth_date"),
        FieldPanel("signatories"),
        FieldPanel("logo_strip"),
        FieldPanel("background"),
        FieldPanel("orientation"),
    ]

    class Meta:
        verbose_name = _("szablon zaświadczenia")
        verbose_name_plural = _("szablony zaświadczeń")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def serve_preview(self, request, mode_name):
        # Rendered with sample data by the same code that draws real
        # certificates, so the preview cannot drift from the result.
        from ..pdf import render_sample

        response = HttpResponse(render_sample(template=self), "application/pdf")
        response["Content-Disposition"] = 'inline; filename="podglad.pdf"'
        return response


class Completion(models.Model):
    """A completion announced by courses or events, kept as a plain snapshot:
    the certificates app never imports their models."""

    # Not content: keep it out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificate_completions",
        verbose_name=_("uczestnik"),
    )
    source_kind = models.CharField(
        _("rodzaj"), max_length=10, choices=SourceKind.choices
    )
    source_id = models.PositiveIntegerField(_("id źródła"))
    source_title = models.CharField(_("tytuł"), max_length=255)
    organiser = models.CharField(_("organizator"), max_length=2, blank=True)
    snapshot = models.JSONField(_("dane źródła"), default=dict)
    received_at = models.DateTimeField(_("otrzymano"), auto_now_add=True)

    class Meta:
        verbose_name = _("ukończenie")
        verbose_name_plural = _("ukończenia")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_kind", "source_id"],
                name="certificates_completion_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.source_title}"


class Certificate(models.Model):
    """An issued certificate. Never edited after issue except to revoke it or
    mark it superseded by a re-issue."""

    # Not content: keep it out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    number = models.CharField(_("numer"), max_length=64, unique=True)
    year = models.PositiveIntegerField(_("rok"))
    sequence = models.PositiveIntegerField(_("kolejny numer"))
    code = models.CharField(_("kod weryfikacyjny"), max_length=64, unique=True)
    # SET_NULL: deleting a person's account (RODO) keeps the register valid;
    # the certificate keeps its name snapshot and still verifies.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("uczestnik"),
    )
    completion = models.ForeignKey(
        Completion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("ukończenie"),
    )
    recipient_name = models.CharField(_("imię i nazwisko"), max_length=200)
    source_kind = models.CharField(
        _("rodzaj"), max_length=10, choices=SourceKind.choices
    )
    source_id = models.PositiveIntegerField(_("id źródła"))
    title = models.CharField(_("tytuł"), max_length=255)
    hours = models.DecimalField(_("liczba godzin"), max_digits=6, decimal_places=1)
    date_from = models.DateField(_("od"), null=True, blank=True)
    date_to = models.DateField(_("do"), null=True, blank=True)
    place = models.CharField(_("miejsce"), max_length=255, blank=True)
    organiser = models.CharField(_("organizator"), max_length=2, blank=True)
    language = models.CharField(
        _("język"), max_length=2, choices=Language.choices, default=Language.PL
    )
    programme = models.JSONField(_("program"), default=list, blank=True)
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("szablon"),
    )
    template_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wersja szablonu"),
    )
    issued_at = models.DateTimeField(_("wydano"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wydał(a)"),
        help_text=_("Puste: wydane automatycznie."),
    )
    pdf = models.CharField(_("plik PDF"), max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 pliku PDF"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("unieważniono"), null=True, blank=True)
    revoked_reason = models.TextField(_("powód unieważnienia"), blank=True)
    superseded_at = models.DateTimeField(_("zastąpiono"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("zastępuje"),
    )
    status_index = models.PositiveIntegerField(
        _("pozycja na liście statusów"),
        unique=True,
        editable=False,
        help_text=_("Losowa pozycja w publikowanej liście unieważnień Open Badges."),
    )

    class Meta:
        verbose_name = _("zaświadczenie")
        verbose_name_plural = _("zaświadczenia")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="certificates_number_once"
            ),
            # One current certificate per person and source; superseded ones
            # stay in the register.
            models.UniqueConstraint(
                fields=["user", "source_kind", "source_id"],
                condition=Q(superseded_at__isnull=True),
                name="certificates_current_once",
            ),
            models.CheckConstraint(
                condition=Q(status_index__lt=STATUS_LIST_SIZE),
                name="certificates_status_index_in_list",
            ),
        ]
        indexes = [models.Index(fields=["source_kind", "source_id"])]

    def __str__(self) -> str:
        return self.number

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.superseded_at:
            return "superseded"
        return "valid"

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    # Labels for the register and its export (never the stored codes).

    def _status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    _status_label.short_description = _("status")
    status_label = property(_status_label)

    @property
    def source_kind_label(self) -> str:
        return str(self.get_source_kind_display())

    @property
    def organiser_label(self) -> str:
        return str(dict(Organiser.choices).get(self.organiser, self.organiser))

    @property
    def issued_by_name(self) -> str:
        if self.issued_by is None:
            return str(_("automatycznie"))
        return self.issued_by.get_full_name() or self.issued_by.email


__all__ = [
    "STATUS_LABELS",
    "STATUS_LIST_SIZE",
    "BulkIssue",
    "BulkIssueChunk",
    "Certificate",
    "CertificateTemplate",
    "Completion",
    "IssuingBody",
    "Language",
    "NumberCounter",
    "Orientation",
    "ReservedNumber",
    "SignatoryBlock",
    "SourceKind",
]
