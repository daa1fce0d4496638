"""What every printed document of the platform shares: the DejaVu fonts
(Polish letters) and the funding marks of the default site.

Feature apps import this; it imports no feature app.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import strip_tags
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu"


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


@dataclass
class FundingBar:
    images: list  # ImageReader or None per mark, in the order FE, RP, UE
    alts: list[str]
    text: str


def funding_bar() -> FundingBar:
    """The funding marks from the default site's settings (or their names)."""
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return FundingBar(
            images=[None, None, None],
            alts=["Fundusze Europejskie", "Rzeczpospolita Polska", "Unia Europejska"],
            text="",
        )
    site_settings = SiteSettings.for_site(site)
    images, alts = [], []
    for mark in site_settings.funding_marks():
        alts.append(str(mark.get("alt", "")))
        image = mark.get("image")
        images.append(_image_reader(image) if image else None)
    return FundingBar(
        images=images, alts=alts, text=strip_tags(site_settings.cofinancing_text)
    )


def _image_reader(image) -> ImageReader | None:
    try:
        with image.file.open("rb") as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except (OSError, ValueError):
        return None
