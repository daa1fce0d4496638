"""StreamField blocks shared by every page type (home, standard, lessons…)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Treść nagłówka"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Poziom"),
        choices=[
            ("h2", _("Nagłówek 2")),
            ("h3", _("Nagłówek 3")),
            ("h4", _("Nagłówek 4")),
        ],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Nagłówek")
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Obraz"))
    alt_text = blocks.CharBlock(
        label=_("Tekst alternatywny"),
        required=False,
        help_text=_("Opis dla osób niewidomych; pusty, jeśli obraz jest dekoracyjny."),
    )
    caption = blocks.CharBlock(label=_("Podpis"), required=False)

    class Meta:
        icon = "image"
        label = _("Obraz")
        template = "blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(label=_("Tytuł odnośnika"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Dokument do pobrania")
        template = "blocks/document_block.html"


class EmbedVideoBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Adres filmu lub materiału"))
    title = blocks.CharBlock(
        label=_("Tytuł materiału"), help_text=_("Odczytywany przez czytniki ekranu.")
    )
    transcript = blocks.RichTextBlock(
        label=_("Transkrypcja"), required=False, features=["bold", "italic", "link"]
    )

    class Meta:
        icon = "media"
        label = _("Osadzony film")
        template = "blocks/embed_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Rodzaj"),
        choices=[
            ("info", _("Informacja")),
            ("tip", _("Wskazówka")),
            ("warning", _("Uwaga")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Tytuł"), required=False)
    text = blocks.RichTextBlock(
        label=_("Treść"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "help"
        label = _("Ramka wyróżniona")
        template = "blocks/callout_block.html"


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł"))
    text = blocks.RichTextBlock(label=_("Treść"))


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Elementy"))

    class Meta:
        icon = "list-ul"
        label = _("Akordeon")
        template = "blocks/accordion_block.html"


RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "document-link",
    "hr",
]


class SharedStreamBlock(blocks.StreamBlock):
    """The blocks every content page offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Tekst"),
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    document = DocumentBlock()
    embed = EmbedVideoBlock()
    callout = CalloutBlock()
    accordion = AccordionBlock()
