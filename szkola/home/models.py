from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import SharedStreamBlock


class HomePage(Page):
    """The site's root page."""

    lead = models.TextField(_("wprowadzenie"), blank=True)
    body = StreamField(SharedStreamBlock(), blank=True, verbose_name=_("treść"))

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]

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


class StandardPage(Page):
    """Any plain content page: about, contact, accessibility declaration…"""

    lead = models.TextField(_("wprowadzenie"), blank=True)
    body = StreamField(SharedStreamBlock(), blank=True, verbose_name=_("treść"))

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("strona treści")
        verbose_name_plural = _("strony treści")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation details and the EU funding marks shown on every page."""

    organisation_name = models.CharField(
        _("nazwa organizacji"), max_length=255, default="Szkoła Kooperacji"
    )
    organisation_address = models.TextField(_("adres"), blank=True)
    contact_email = models.EmailField(_("e-mail kontaktowy"), blank=True)
    contact_phone = models.CharField(_("telefon kontaktowy"), max_length=50, blank=True)

    fe_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo Fundusze Europejskie"),
    )
    fe_alt = models.CharField(
        _("tekst alternatywny logo FE"),
        max_length=200,
        default="Fundusze Europejskie — Program Wiedza Edukacja Rozwój",
    )
    rp_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("znak Rzeczpospolita Polska"),
    )
    rp_alt = models.CharField(
        _("tekst alternatywny znaku RP"),
        max_length=200,
        default="Rzeczpospolita Polska",
    )
    eu_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("znak Unii Europejskiej"),
    )
    eu_alt = models.CharField(
        _("tekst alternatywny znaku UE"),
        max_length=200,
        default="Unia Europejska — Europejski Fundusz Społeczny",
    )
    fe_artwork = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("znak Fundusze Europejskie — plik do dokumentów (SVG)"),
        help_text=_(
            "Oficjalny plik znaku (najlepiej SVG, także PNG/JPEG) rysowany na "
            "listach obecności i zaświadczeniach. Puste: znak wbudowany."
        ),
    )
    rp_artwork = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("barwy Rzeczypospolitej Polskiej — plik do dokumentów (SVG)"),
        help_text=_(
            "Oficjalny plik znaku (najlepiej SVG, także PNG/JPEG) rysowany na "
            "listach obecności i zaświadczeniach. Puste: znak wbudowany."
        ),
    )
    eu_artwork = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("znak Unii Europejskiej — plik do dokumentów (SVG)"),
        help_text=_(
            "Oficjalny plik znaku (najlepiej SVG, także PNG/JPEG) rysowany na "
            "listach obecności i zaświadczeniach. Puste: znak wbudowany."
        ),
    )
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

    def funding_marks(self) -> list[dict]:
        """The three marks in the order the EU rules require."""
        return [
            {"key": "fe", "image": self.fe_logo, "alt": self.fe_alt},
            {"key": "rp", "image": self.rp_logo, "alt": self.rp_alt},
            {"key": "eu", "image": self.eu_logo, "alt": self.eu_alt},
        ]
