"""What every printed document of the platform shares: the DejaVu fonts
(Polish letters, embedded), the funding marks and their co-financing
sentence, "Strona N z M" and real dates in the PDF metadata.

The marks (PO WER 2014–2020) are drawn in the order the rules require —
Fundusze Europejskie · barwy Rzeczypospolitej Polskiej · Unia Europejska EFS —
in one line (never more than four marks in a line), all at the same height,
the RP colours in full colour, with the co-financing sentence under them.
They come from SVG artwork drawn as vectors (svglib): the files an
administrator uploaded in the site settings ("Pasek znaków funduszy UE"), or
else the bundled ``static/img/funding/*.svg``. A PNG or JPEG upload is drawn
as an image.

Feature apps import this; it imports no feature app.
"""

import io
import logging
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path

import qrcode
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

logger = logging.getLogger(__name__)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu"
FUNDING_DIR = Path(settings.BASE_DIR) / "static" / "img" / "funding"
MARK_KEYS = ("fe", "rp", "eu")  # the required order, left to right
MAX_MARKS_IN_LINE = 4
DEFAULT_ALTS = {
    "fe": "Fundusze Europejskie — Program Wiedza Edukacja Rozwój",
    "rp": "Rzeczpospolita Polska",
    "eu": "Unia Europejska — Europejski Fundusz Społeczny",
}
DEFAULT_SENTENCE = (
    "Projekt „Liderzy kooperacji” współfinansowany ze środków Unii Europejskiej "
    "w ramach Europejskiego Funduszu Społecznego, Program Operacyjny Wiedza "
    "Edukacja Rozwój 2014–2020."
)


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


# --- Funding marks -------------------------------------------------------


@dataclass
class Mark:
    """One mark: a vector drawing, or a raster image, or (artwork missing)
    only its name."""

    key: str
    alt: str
    drawing: Drawing | None = None
    image: ImageReader | None = None
    # The canvas calls the drawing makes, recorded at its first use (see
    # ``_CanvasRecorder``); every later document replays them.
    calls: list | None = field(default=None, repr=False, compare=False)

    @property
    def aspect(self) -> float:
        if self.drawing is not None and self.drawing.height:
            return self.drawing.width / self.drawing.height
        if self.image is not None:
            width, height = self.image.getSize()
            return width / height if height else 3.0
        return 3.0


@dataclass
class FundingBar:
    marks: list[Mark] = field(default_factory=list)
    text: str = ""

    @property
    def alts(self) -> list[str]:
        return [mark.alt for mark in self.marks]


def _with_embedded_fonts(node) -> None:
    """SVG text is set in DejaVu (embedded, with Polish letters) instead of
    the standard Helvetica svglib maps "Arial" to, which has no "ł"."""
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = (
                FONT_BOLD
                if "bold" in child.fontName.lower() or ("700" in child.fontName)
                else FONT
            )
        elif isinstance(child, Group):
            _with_embedded_fonts(child)


def svg_drawing(source) -> Drawing | None:
    """An SVG (path or file object) as a ReportLab drawing, or None."""
    from svglib.svglib import svg2rlg

    register_fonts()
    try:
        drawing = svg2rlg(source)
    except Exception:  # noqa: BLE001 - a broken upload falls back to the bundled mark
        logger.warning("Could not read SVG artwork %r", source, exc_info=True)
        return None
    if drawing is None or not drawing.width or not drawing.height:
        return None
    _with_embedded_fonts(drawing)
    # The renderer sets this font first: keep every font on the page embedded.
    drawing.initialFontName = FONT
    return drawing


@cache
def _bundled_drawing(key: str) -> Drawing | None:
    return svg_drawing(str(FUNDING_DIR / f"{key}.svg"))


def _uploaded_mark(document, key: str, alt: str) -> Mark | None:
    """The administrator's artwork (a Wagtail document): SVG as vectors,
    PNG/JPEG as an image; None when it cannot be read."""
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        logger.warning("Funding mark %s: file missing", key)
        return None
    name = document.file.name.lower()
    if name.endswith(".svg") or content.lstrip()[:5] in (b"<?xml", b"<svg "):
        drawing = svg_drawing(io.BytesIO(content))
        return Mark(key=key, alt=alt, drawing=drawing) if drawing else None
    try:
        image = ImageReader(io.BytesIO(content))
        image.getSize()
    except Exception:  # noqa: BLE001 - not an image: fall back
        logger.warning("Funding mark %s: not an image", key)
        return None
    return Mark(key=key, alt=alt, image=image)


def bundled_funding_bar() -> FundingBar:
    """The marks from the bundled artwork, with the default sentence."""
    return FundingBar(
        marks=[
            Mark(key=key, alt=DEFAULT_ALTS[key], drawing=_bundled_drawing(key))
            for key in MARK_KEYS
        ],
        text=DEFAULT_SENTENCE,
    )


def funding_bar() -> FundingBar:
    """The funding marks and sentence of the default site's settings."""
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return bundled_funding_bar()
    site_settings = SiteSettings.for_site(site)
    marks = []
    for key in MARK_KEYS:
        alt = str(getattr(site_settings, f"{key}_alt", "") or DEFAULT_ALTS[key])
        document = getattr(site_settings, f"{key}_artwork", None)
        mark = _uploaded_mark(document, key, alt) if document else None
        marks.append(mark or Mark(key=key, alt=alt, drawing=_bundled_drawing(key)))
    return FundingBar(
        marks=marks, text=strip_tags(site_settings.cofinancing_text or "").strip()
    )


def project_details() -> dict:
    """The project's title and number and the organisation's name, from the
    default site's settings, for what documents print."""
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {"project_title": "", "project_number": "", "organisation": ""}
    site_settings = SiteSettings.for_site(site)
    return {
        "project_title": site_settings.project_title,
        "project_number": site_settings.project_number,
        "organisation": site_settings.organisation_name,
    }


class _CanvasRecorder:
    """Stands in for a canvas while svglib's drawing is rendered, and
    records every call (and attribute write) it passes on. Walking the
    drawing's node tree costs about 6 ms a mark; replaying its few hundred
    recorded calls costs a fraction of that and writes the same bytes (the
    text still goes through the real canvas, so each document's font
    subset is its own, and the paths are plain operator lists)."""

    def __init__(self, canvas: Canvas):
        object.__setattr__(self, "_canvas", canvas)
        object.__setattr__(self, "calls", [])

    def __getattr__(self, name):
        value = getattr(self._canvas, name)
        if not callable(value):
            return value

        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return value(*args, **kwargs)

        return record

    def __setattr__(self, name, value):
        self.calls.append(("__setattr__", (name, value), {}))
        setattr(self._canvas, name, value)


# Recorded once per drawing, not per Mark: ``funding_bar()`` makes new Marks
# for every document run, while the bundled drawings are parsed once.
_recorded_calls: "weakref.WeakKeyDictionary[Drawing, list]" = (
    weakref.WeakKeyDictionary()
)


def _mark_calls(mark: Mark) -> list:
    if mark.calls is None:
        mark.calls = _recorded_calls.get(mark.drawing)
    if mark.calls is None:
        recorder = _CanvasRecorder(Canvas(io.BytesIO(), initialFontName=FONT))
        renderPDF.draw(mark.drawing, recorder, 0, 0)
        mark.calls = _recorded_calls[mark.drawing] = recorder.calls
    return mark.calls


def documents_warm_up() -> None:
    """Load what the first document of a process would otherwise wait for
    (the fonts, the bundled funding marks parsed and recorded, the QR
    encoder): for processes that draw documents in bulk, once at start."""
    register_fonts()
    for key in MARK_KEYS:
        drawing = _bundled_drawing(key)
        if drawing is not None:
            _mark_calls(Mark(key=key, alt=DEFAULT_ALTS[key], drawing=drawing))
    qr_matrix("https://example.org/")


def _draw_mark(canvas: Canvas, mark: Mark, x: float, y: float, w: float, h: float):
    if mark.drawing is not None:
        scale = min(w / mark.drawing.width, h / mark.drawing.height)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(scale, scale)
        for name, args, kwargs in _mark_calls(mark):
            if name == "__setattr__":
                setattr(canvas, *args)
            else:
                getattr(canvas, name)(*args, **kwargs)
        canvas.restoreState()
    elif mark.image is not None:
        canvas.drawImage(
            mark.image, x, y, width=w, height=h, preserveAspectRatio=True, mask="auto"
        )
    else:
        canvas.setFont(FONT_BOLD, 7)
        canvas.setFillColor(colors.black)
        for number, line in enumerate(simpleSplit(mark.alt, FONT_BOLD, 7, w)[:3]):
            canvas.drawString(x, y + h - 8 - number * 8.5, line)


def sentence_lines(bar: FundingBar, width: float, size: float) -> list[str]:
    register_fonts()
    return simpleSplit(bar.text, FONT, size, width) if bar.text else []


def funding_bar_height(
    bar: FundingBar, *, width: float, mark_height: float = 12 * mm, size: float = 7
) -> float:
    """The height ``draw_funding_bar`` takes: marks, a gap and the sentence."""
    lines = sentence_lines(bar, width, size)
    return mark_height + (2 * mm + len(lines) * size * 1.25 if lines else 0)


def draw_funding_bar(
    canvas: Canvas,
    bar: FundingBar,
    *,
    x: float,
    top: float,
    width: float,
    mark_height: float = 12 * mm,
    size: float = 7,
) -> float:
    """Draw the marks in one line from ``x`` to ``x + width`` below ``top``
    (first mark flush left, last flush right, equal gaps), the sentence
    centred under them; return the lowest y drawn."""
    register_fonts()
    marks = bar.marks[:MAX_MARKS_IN_LINE]
    if marks:
        widths = [mark_height * mark.aspect for mark in marks]
        gap_min = 6 * mm
        needed = sum(widths) + gap_min * (len(marks) - 1)
        height = mark_height
        if needed > width:  # shrink all alike: same height for every mark
            factor = (width - gap_min * (len(marks) - 1)) / sum(widths)
            widths = [w * factor for w in widths]
            height = mark_height * factor
        gap = (width - sum(widths)) / (len(marks) - 1) if len(marks) > 1 else 0
        left = x if len(marks) > 1 else x + (width - widths[0]) / 2
        y = top - mark_height + (mark_height - height) / 2
        for mark, mark_width in zip(marks, widths, strict=True):
            _draw_mark(canvas, mark, left, y, mark_width, height)
            left += mark_width + gap
    bottom = top - mark_height
    lines = sentence_lines(bar, width, size)
    if lines:
        canvas.setFont(FONT, size)
        canvas.setFillColor(colors.black)
        y = bottom - 2 * mm - size
        for line in lines:
            canvas.drawCentredString(x + width / 2, y, line)
            y -= size * 1.25
        bottom = y + size * 1.25 - size * 0.3
    return bottom


# --- Page furniture ------------------------------------------------------


def page_of_pages_canvas(draw_footer):
    """A canvas class that knows the page count when each page is finished,
    for "Strona N z M": ``draw_footer(canvas, page, pages)`` runs on every
    page just before it is written."""

    class PageOfPagesCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            # Never the unembedded standard Helvetica, even for an empty page.
            register_fonts()
            # (platypus passes its own, None by default)
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            super().save()

    return PageOfPagesCanvas


def pdf_date(moment: datetime | None = None):
    """A date formatter for ``canvas.setDateFormatter``: the PDF's creation
    and modification dates are ``moment`` (local time with its offset), while
    the rest of the file stays byte-for-byte reproducible (invariant mode)."""
    moment = timezone.localtime(moment or timezone.now())
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    text = moment.strftime("D:%Y%m%d%H%M%S") + (
        f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    )
    return lambda *_parts: text


@lru_cache(maxsize=8)
def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code's modules of ``url``, quiet zone included (4 modules each
    side). Kept for the last few URLs (the issuing service makes the code
    before taking the register number and the drawing reuses it): not to be
    modified."""
    # A fixed mask pattern: choosing the "best" one scores all eight in pure
    # Python (about 18 ms a code); any mask decodes the same.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=2
    )
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def qr_dark_runs(matrix: list[list[bool]]):
    """Each horizontal run of dark modules, as (row, first column, length),
    top row first: one rectangle each draws the code sharp at any zoom."""
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            yield row_index, start, column - start


def qr_drawing(url: str, *, size: float) -> Drawing:
    """A QR code of ``url`` as a vector drawing ``size`` points square (quiet
    zone included), to place in a platypus story or table: one rectangle per
    horizontal run of dark modules, so a 150 dpi print scan decodes."""
    matrix = qr_matrix(url)
    module = size / len(matrix)
    drawing = Drawing(size, size)
    drawing.add(Rect(0, 0, size, size, fillColor=colors.white, strokeColor=None))
    for row_index, start, length in qr_dark_runs(matrix):
        drawing.add(
            Rect(
                start * module,
                size - (row_index + 1) * module,
                length * module,
                module,
                fillColor=colors.black,
                strokeColor=None,
            )
        )
    return drawing
