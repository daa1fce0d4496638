from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import SharedStreamBlock
from .generations import cached, generation_bump

SITE_SETTINGS_GENERATION = "home.site-settings"


def site_settings_changed(sender, created=False, **kwargs) -> None:
    """Receiver of SiteSettings' saves and deletes (connected in apps.py). A
    row just made (the first read for a site makes it) replaces nothing that
    could be cached."""
    if not created:
        generation_bump(SITE_SETTINGS_GENERATION)


class LeadBodyPage(Page):
    """A page of an introduction and a body of shared blocks."""

    lead = models.TextField(_("wprowadzenie"), blank=True)
    body = StreamField(SharedStreamBlock(), blank=True, verbose_name=_("treść"))

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True


class HomePage(LeadBodyPage):
    """The site's root page."""

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("strona główna")
        verbose_name_plural = _("strony główne")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = (
            self.get_children()
            .live()
            .public()
            .in_menu()
            .specific()
            .defer_streamfields()
        )
        return context


class StandardPage(LeadBodyPage):
    """Any plain content page: about, contact, accessibility declaration…"""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("strona treści")
        verbose_name_plural = _("strony treści")


def _mark_file(model: str, verbose_name, **options) -> models.ForeignKey:
    """An optional file of a funding mark, kept when the file is deleted."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


def _mark_image(verbose_name) -> models.ForeignKey:
    """A funding mark's image for the web pages' footer strip."""
    return _mark_file("wagtailimages.Image", verbose_name)


def _mark_alt(verbose_name, default: str) -> models.CharField:
    """The alternative text of a funding mark's image."""
    return models.CharField(verbose_name, max_length=200, default=default)


def _mark_artwork(verbose_name) -> models.ForeignKey:
    """A funding mark's official file, drawn on the PDF documents."""
    return _mark_file(
        "wagtaildocs.Document",
        verbose_name,
        help_text=_(
            "Oficjalny plik znaku (najlepiej SVG, także PNG/JPEG) rysowany na "
            "listach obecności i zaświadczeniach. Puste: znak wbudowany."
        ),
    )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation details and the EU funding marks shown on every page."""

    organisation_name = models.CharField(
        _("nazwa organizacji"), max_length=255, default="Szkoła Kooperacji"
    )
    organisation_address = models.TextField(_("adres"), blank=True)
    contact_email = models.EmailField(_("e-mail kontaktowy"), blank=True)
    contact_phone = models.CharField(_("telefon kontaktowy"), max_length=50, blank=True)

    fe_logo = _mark_image(_("logo Fundusze Europejskie"))
    fe_alt = _mark_alt(
        _("tekst alternatywny logo FE"),
        "Fundusze Europejskie — Program Wiedza Edukacja Rozwój",
    )
    rp_logo = _mark_image(_("znak Rzeczpospolita Polska"))
    rp_alt = _mark_alt(_("tekst alternatywny znaku RP"), "Rzeczpospolita Polska")
    eu_logo = _mark_image(_("znak Unii Europejskiej"))
    eu_alt = _mark_alt(
        _("tekst alternatywny znaku UE"),
        "Unia Europejska — Europejski Fundusz Społeczny",
    )
    fe_artwork = _mark_artwork(
        _("znak Fundusze Europejskie — plik do dokumentów (SVG)")
    )
    rp_artwork = _mark_artwork(
        _("barwy Rzeczypospolitej Polskiej — plik do dokumentów (SVG)")
    )
    eu_artwork = _mark_artwork(_("znak Unii Europejskiej — plik do dokumentów (SVG)"))
    project_title = models.CharField(
        _("tytuł projektu"),
        max_length=255,
        default="Liderzy kooperacji",
        help_text=_("Drukowany na listach obecności i zaświadczeniach."),
    )
    project_number = models.CharField(
        _("numer projektu"),
        max_length=100,
        blank=True,
        help_text=_("Numer umowy o dofinansowanie, np. POWR.02.05.00-00-0000/17."),
    )
    cofinancing_text = RichTextField(
        _("zdanie o współfinansowaniu"),
        features=["bold", "italic", "link"],
        default=(
            "Projekt „Liderzy kooperacji” współfinansowany ze środków Unii "
            "Europejskiej w ramach Europejskiego Funduszu Społecznego, "
            "Program Operacyjny Wiedza Edukacja Rozwój 2014–2020."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_address"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Organizacja"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("fe_logo"),
                FieldPanel("fe_alt"),
                FieldPanel("rp_logo"),
                FieldPanel("rp_alt"),
                FieldPanel("eu_logo"),
                FieldPanel("eu_alt"),
                FieldPanel("cofinancing_text"),
            ],
            heading=_("Pasek znaków funduszy UE"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("project_title"),
                FieldPanel("project_number"),
                FieldPanel("fe_artwork"),
                FieldPanel("rp_artwork"),
                FieldPanel("eu_artwork"),
            ],
            heading=_("Projekt i znaki w dokumentach PDF"),
        ),
    ]

    class Meta:
        verbose_name = _("ustawienia serwisu")

    @classmethod
    def for_site(cls, site):
        """The site's settings from the cache (every page reads them; saving
        or deleting the row invalidates, see ``site_settings_changed``)."""
        if site is None:
            return super().for_site(site)

        def load():
            instance = super(SiteSettings, cls).for_site(site)
            instance._state.fields_cache = {}  # related rows are read afresh
            return instance

        return cached(SITE_SETTINGS_GENERATION, str(site.pk), load)

    def funding_marks(self) -> list[dict]:
        """The three marks in the order the EU rules require."""
        return [
            {"key": "fe", "image": self.fe_logo, "alt": self.fe_alt},
            {"key": "rp", "image": self.rp_logo, "alt": self.rp_alt},
            {"key": "eu", "image": self.eu_logo, "alt": self.eu_alt},
        ]


class AccessibilityDeclarationPage(Page):
    """The statutory accessibility declaration (ustawa z 4 kwietnia 2019 r. o
    dostępności cyfrowej), rendered with the element ids of the official
    template (``a11y-*``) that automated monitoring reads. It is reviewed
    every year by 31 March; the page shows the next review date."""

    class Status(models.TextChoices):
        COMPLIANT = "zgodna", _("zgodna")
        PARTIAL = "czesciowo", _("częściowo zgodna")
        NON_COMPLIANT = "niezgodna", _("niezgodna")

    entity_name = models.CharField(_("nazwa podmiotu publicznego"), max_length=255)
    site_name = models.CharField(
        _("nazwa serwisu"), max_length=255, default="Szkoła Kooperacji"
    )
    published_on = models.DateField(_("data publikacji strony"))
    updated_on = models.DateField(_("data ostatniej istotnej aktualizacji"))
    status = models.CharField(
        _("status zgodności"),
        max_length=20,
        choices=Status.choices,
        default=Status.PARTIAL,
    )
    non_accessible = RichTextField(
        _("treści niedostępne i wyłączenia"),
        blank=True,
        features=["bold", "italic", "ul", "link"],
    )
    prepared_on = models.DateField(_("data sporządzenia deklaracji"))
    assessment = models.CharField(
        _("na jakiej podstawie sporządzono"),
        max_length=255,
        default="samooceny przeprowadzonej przez podmiot publiczny",
    )
    auditor = models.CharField(_("audytor zewnętrzny"), max_length=255, blank=True)
    contact_person = models.CharField(_("osoba kontaktowa"), max_length=255)
    contact_email = models.EmailField(_("e-mail kontaktowy"))
    contact_phone = models.CharField(_("telefon kontaktowy"), max_length=50)
    procedure = RichTextField(
        _("procedura wnioskowo-skargowa"), features=["bold", "italic", "ul", "link"]
    )
    architecture = RichTextField(
        _("dostępność architektoniczna"), features=["bold", "italic", "ul", "link"]
    )
    mobile_apps = models.TextField(
        _("aplikacje mobilne"),
        max_length=2000,
        default="Podmiot nie udostępnia aplikacji mobilnych.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("entity_name"),
                FieldPanel("site_name"),
                FieldPanel("published_on"),
                FieldPanel("updated_on"),
                FieldPanel("status"),
                FieldPanel("non_accessible"),
            ],
            heading=_("Wstęp, daty, status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("assessment"),
                FieldPanel("auditor"),
            ],
            heading=_("Przygotowanie deklaracji"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("procedure"),
            ],
            heading=_("Kontakt i procedura"),
        ),
        FieldPanel("architecture"),
        FieldPanel("mobile_apps"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("deklaracja dostępności")
        verbose_name_plural = _("deklaracje dostępności")

    def get_context(self, request, *args, **kwargs):
        from .links import public_url

        context = super().get_context(request, *args, **kwargs)
        context["site_url"] = public_url("/")
        context["next_review"] = self.next_review()
        context["review_overdue"] = self.review_overdue()
        return context

    def next_review(self, today=None):
        """The next yearly review deadline: 31 March of this year, or of the
        next one once this year's has passed."""
        import datetime

        from django.utils import timezone

        today = today or timezone.localdate()
        review = datetime.date(today.year, 3, 31)
        if review < today:
            review = datetime.date(today.year + 1, 3, 31)
        return review

    def review_overdue(self, today=None) -> bool:
        """Not reviewed since the last 31 March that has passed."""
        import datetime

        from django.utils import timezone

        today = today or timezone.localdate()
        last_deadline = datetime.date(today.year, 3, 31)
        if last_deadline > today:
            last_deadline = datetime.date(today.year - 1, 3, 31)
        previous_cycle_start = datetime.date(last_deadline.year - 1, 3, 31)
        return max(self.updated_on, self.prepared_on) <= previous_cycle_start
