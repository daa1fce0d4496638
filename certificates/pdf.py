"""Drawing certificates as PDF with ReportLab (see
docs/architecture-certificates.md for why not an HTML-to-PDF engine).

``render_certificate(data=..., template=...)`` is pure: plain data in, bytes
out. It never touches the database except to read images of the template and
the funding marks, so the issuing service can call it inside its transaction.

What a certificate (zaświadczenie) carries under the Polish rules for
EFS-funded training: the issuing body with its address, place and date of
issue, the register number, the recipient's name (and date of birth where the
template asks for it), the form and title of the training, its dates and
hours, the programme with topics and hours, the learning outcomes, and the
signatories; plus the funding marks with the project and its number, and a
QR code of the public verification page drawn as vectors.
"""

import io
from datetime import date
from decimal import Decimal

from django.conf import settings
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

# Fonts, funding marks and page furniture are shared with every printed
# document.
from szkola.home.pdf import (
    FONT,
    FONT_BOLD,
    FundingBar,
    draw_funding_bar,
    funding_bar,
    page_of_pages_canvas,
    pdf_date,
    register_fonts,
)

from .certificate_text import (
    LABELS,
    CertificateData,
    fill_placeholders,
    format_hours,
    project_text,
)
from .constants import DEFAULT_BODY_EN, DEFAULT_BODY_PL
from .qr import draw_qr

# Binary (Flate) streams instead of ASCII85 text: smaller files, and the
# encoding was a tenth of the drawing time.
rl_config.useA85 = 0

NAVY = colors.HexColor("#123a6b")
GREY = colors.HexColor("#555555")
MARGIN = 15 * mm


def _image_reader(image) -> ImageReader | None:
    """A Wagtail image's file as an ImageReader, or None if unreadable."""
    try:
        with image.file.open("rb") as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except (OSError, ValueError):
        return None


def _template_values(template) -> dict:

    if template is None:
        return {
            "heading": None,
            "body": None,
            "show_programme": True,
            "show_outcomes": True,
            "show_birth_date": False,
            "programme_heading": None,
            "signatories": [],
            "logo_strip": None,
            "background": None,
            "orientation": "landscape",
            "_defaults": (DEFAULT_BODY_PL, DEFAULT_BODY_EN),
        }
    signatories = []
    for block in template.signatories:
        value = block.value
        signatories.append(
            {
                "name": value["name"],
                "function": value["function"],
                "signature": _image_reader(value["signature"])
                if value.get("signature")
                else None,
            }
        )
    return {
        "heading": template.heading,
        "body": template.body,
        "show_programme": template.show_programme,
        "show_outcomes": template.show_outcomes,
        "show_birth_date": template.show_birth_date,
        "programme_heading": template.programme_heading,
        "signatories": signatories,
        "logo_strip": _image_reader(template.logo_strip)
        if template.logo_strip_id
        else None,
        "background": _image_reader(template.background)
        if template.background_id
        else None,
        "orientation": template.orientation,
        "_defaults": (DEFAULT_BODY_PL, DEFAULT_BODY_EN),
    }


def _fit_font(text: str, font: str, size: float, width: float, minimum=7.0) -> float:
    """The largest size up to ``size`` at which ``text`` fits on one line."""
    while size > minimum and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


class _Page:
    """Page geometry and a cursor that never writes outside the margins."""

    def __init__(self, canvas: Canvas, width: float, height: float):
        self.canvas, self.width, self.height = canvas, width, height
        self.left, self.right = MARGIN + 5 * mm, width - MARGIN - 5 * mm

    @property
    def text_width(self) -> float:
        return self.right - self.left


def _draw_funding_top(page: _Page, values: dict, bar: FundingBar) -> float:
    """The logo strip or the funding marks at the top; returns the y below."""
    canvas, top = page.canvas, page.height - 10 * mm
    if values["logo_strip"] is not None:
        canvas.drawImage(
            values["logo_strip"],
            page.left,
            top - 14 * mm,
            width=page.text_width,
            height=14 * mm,
            preserveAspectRatio=True,
            mask="auto",
        )
        return top - 16 * mm
    return draw_funding_bar(
        canvas, bar, x=page.left, top=top, width=page.text_width, mark_height=12 * mm
    )


def _draw_signatories(
    page: _Page, signatories: list[dict], x0: float, y: float, *, right: float
):
    """Up to three signatories side by side from ``x0`` to ``right`` (the QR
    code)."""
    canvas = page.canvas
    shown = signatories[:3]
    slot = min(62 * mm, (right - x0) / max(len(shown), 1))
    for index, signatory in enumerate(shown):
        x = x0 + index * slot
        if signatory["signature"] is not None:
            canvas.drawImage(
                signatory["signature"],
                x,
                y + 4 * mm,
                width=min(50 * mm, slot - 8 * mm),
                height=13 * mm,
                preserveAspectRatio=True,
                mask="auto",
            )
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.5)
        canvas.line(x, y + 3 * mm, x + slot - 8 * mm, y + 3 * mm)
        canvas.setFillColor(colors.black)
        name_size = _fit_font(signatory["name"], FONT_BOLD, 9, slot - 8 * mm)
        canvas.setFont(FONT_BOLD, name_size)
        canvas.drawString(x, y - 1 * mm, signatory["name"])
        for line_no, line in enumerate(
            simpleSplit(signatory["function"], FONT, 7.5, slot - 8 * mm)[:2]
        ):
            canvas.setFont(FONT, 7.5)
            canvas.drawString(x, y - 4.5 * mm - line_no * 3.2 * mm, line)


def render_certificate(
    *, data: CertificateData, template=None, bar: FundingBar | None = None
) -> bytes:
    """The certificate as PDF bytes: page one the certificate, then the
    programme and learning outcomes (when the template shows them and there
    are any). Every page carries "Strona N z M" and the register number."""
    register_fonts()
    values = _template_values(template)
    english = data.language == "en"
    labels = LABELS["en" if english else "pl"]
    body_default = values["_defaults"][1 if english else 0]
    heading = values["heading"] or ("CERTIFICATE" if english else "ZAŚWIADCZENIE")
    body = values["body"] or body_default
    pagesize = landscape(A4) if values["orientation"] == "landscape" else A4
    width, height = pagesize
    bar = bar if bar is not None else funding_bar()

    def footer(canvas, number, total):
        canvas.setFont(FONT, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN + 5 * mm, 7 * mm, f"{labels['number']} {data.number}")
        canvas.drawRightString(
            width - MARGIN - 5 * mm,
            7 * mm,
            labels["page"].format(page=number, pages=total),
        )

    buffer = io.BytesIO()
    canvas = page_of_pages_canvas(footer)(
        buffer,
        pagesize=pagesize,
        lang=data.language,
        pageCompression=1,
        invariant=1,
        initialFontName=FONT,
    )
    # Invariant mode keeps the bytes reproducible; the metadata still tells
    # the real moment of issue.
    canvas.setDateFormatter(pdf_date(data.issued_at))
    canvas.setTitle(f"{heading.capitalize()} {data.number} — {data.title}")
    canvas.setAuthor(data.issuer_name)
    canvas.setSubject(data.title)
    canvas.setCreator(data.issuer_name)
    canvas.setKeywords([data.number])
    page = _Page(canvas, width, height)
    _draw_front(page, data, values, labels, heading, body, bar)
    canvas.showPage()
    if values["show_programme"] and (
        data.programme or (values["show_outcomes"] and data.outcomes)
    ):
        _draw_programme(page, data, values, labels)
    canvas.save()
    return buffer.getvalue()


def _draw_front(page, data, values, labels, heading, body, bar) -> None:
    canvas, width, height = page.canvas, page.width, page.height
    if values["background"] is not None:
        canvas.drawImage(values["background"], 0, 0, width=width, height=height)
    y = _draw_funding_top(page, values, bar) - 4 * mm
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(1.5)
    canvas.line(page.left, y, page.right, y)

    # Issuing body (left) and the register number (right).
    y -= 6 * mm
    canvas.setFillColor(colors.black)
    register_text = f"{labels['register']} {data.number}"
    canvas.setFont(FONT, 9)
    canvas.drawRightString(page.right, y, register_text)
    issuer_width = page.text_width - stringWidth(register_text, FONT, 9) - 6 * mm
    for line in simpleSplit(data.issuer_name, FONT_BOLD, 11, issuer_width)[:2]:
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(page.left, y, line)
        y -= 4.5 * mm
    y += 4.5 * mm
    address_y = y
    for line in [ln.strip() for ln in data.issuer_address.splitlines() if ln.strip()][
        :3
    ]:
        address_y -= 4 * mm
        canvas.setFont(FONT, 8.5)
        canvas.drawString(page.left, address_y, line[:120])
    y = min(y, address_y) - 12 * mm

    # Heading and body.
    canvas.setFillColor(NAVY)
    canvas.setFont(FONT_BOLD, 26)
    canvas.drawCentredString(width / 2, y, heading)
    canvas.setFillColor(colors.black)
    y -= 12 * mm
    text = fill_placeholders(body, data)
    body_width = page.text_width - 20 * mm
    for paragraph in text.split("\n"):
        is_name = paragraph.strip() == data.name
        font, size = (FONT_BOLD, 20) if is_name else (FONT, 12)
        if is_name:
            size = _fit_font(paragraph, font, size, body_width, minimum=12)
            y -= 3 * mm
        canvas.setFont(font, size)
        for line in simpleSplit(paragraph, font, size, body_width) or [""]:
            canvas.drawCentredString(width / 2, y, line)
            y -= size * 0.5 * mm
        if is_name and values["show_birth_date"] and data.birth_date:
            canvas.setFont(FONT, 10)
            canvas.drawCentredString(
                width / 2, y, f"{labels['born']} {data.birth_date:%d.%m.%Y}"
            )
            y -= 6 * mm
        y -= 1.5 * mm
    project = project_text(data)
    if project:
        canvas.setFont(FONT, 9)
        canvas.setFillColor(GREY)
        for line in simpleSplit(project, FONT, 9, body_width)[:2]:
            canvas.drawCentredString(width / 2, y, line)
            y -= 4 * mm
        canvas.setFillColor(colors.black)

    # Bottom band: place and date of issue and signatories on the left,
    # the QR code on the right.
    qr_size = 30 * mm
    qr_x, qr_y = page.right - qr_size, 14 * mm
    draw_qr(canvas, data.verification_url, qr_x, qr_y, qr_size)
    # The address above the code, right-aligned: never under a signatory.
    canvas.setFillColor(GREY)
    url_size = _fit_font(data.verification_url, FONT, 6.5, 90 * mm, minimum=4)
    canvas.setFont(FONT, url_size)
    canvas.drawRightString(page.right, qr_y + qr_size + 2 * mm, data.verification_url)
    canvas.setFont(FONT, 6.5)
    canvas.drawRightString(page.right, qr_y + qr_size + 5.5 * mm, labels["verify"])
    canvas.setFillColor(colors.black)
    place = data.place_of_issue or data.place
    issued = (
        f"{place}, {data.issued_on:%d.%m.%Y}"
        if place
        else (f"{data.issued_on:%d.%m.%Y}")
    )
    canvas.setFont(FONT, 9)
    canvas.drawString(page.left, 44 * mm, f"{labels['issued']} {issued}")
    _draw_signatories(
        page, values["signatories"], page.left, 22 * mm, right=qr_x - 4 * mm
    )


def _draw_programme(page, data, values, labels) -> None:
    canvas, height = page.canvas, page.height
    english = data.language == "en"
    bottom = 16 * mm

    def new_page() -> float:
        canvas.showPage()
        return height - 20 * mm

    y = height - 20 * mm
    if data.programme:
        canvas.setFont(FONT_BOLD, 16)
        canvas.setFillColor(NAVY)
        programme_heading = values["programme_heading"] or (
            "Programme" if english else "Program"
        )
        canvas.drawString(page.left, y, programme_heading)
        canvas.setFillColor(colors.black)
        y -= 7 * mm
        for line in simpleSplit(data.title, FONT, 11, page.text_width)[:3]:
            canvas.setFont(FONT, 11)
            canvas.drawString(page.left, y, line)
            y -= 5 * mm
        y -= 4 * mm
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(page.left, y, labels["topic"])
        canvas.drawRightString(page.right, y, labels["hours_col"])
        y -= 6 * mm
        total = Decimal(0)
        for number, item in enumerate(data.programme, start=1):
            lines = simpleSplit(
                f"{number}. {item.get('topic', '')}",
                FONT,
                10,
                page.text_width - 40 * mm,
            ) or [""]
            if y - len(lines) * 5 * mm < bottom + 12 * mm:
                y = new_page()
            hours = Decimal(str(item.get("hours") or 0))
            total += hours
            canvas.setFont(FONT, 10)
            for line_no, line in enumerate(lines):
                canvas.drawString(page.left, y, line)
                if line_no == 0:
                    canvas.drawRightString(page.right, y, format_hours(hours))
                y -= 5 * mm
        canvas.setLineWidth(0.5)
        canvas.line(page.left, y + 3 * mm, page.right, y + 3 * mm)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(page.left, y - 2 * mm, labels["total"])
        canvas.drawRightString(page.right, y - 2 * mm, format_hours(total))
        y -= 12 * mm
    if values["show_outcomes"] and data.outcomes:
        if y < bottom + 25 * mm:
            y = new_page()
        canvas.setFont(FONT_BOLD, 13)
        canvas.setFillColor(NAVY)
        canvas.drawString(page.left, y, labels["outcomes"])
        canvas.setFillColor(colors.black)
        y -= 7 * mm
        for outcome in data.outcomes:
            lines = simpleSplit(str(outcome), FONT, 10, page.text_width - 6 * mm)
            if y - len(lines) * 5 * mm < bottom:
                y = new_page()
            canvas.setFont(FONT, 10)
            canvas.drawString(page.left, y, "•")
            for line in lines:
                canvas.drawString(page.left + 5 * mm, y, line)
                y -= 5 * mm
            y -= 1 * mm
    canvas.showPage()


def render_sample(*, template) -> bytes:
    """The template filled with sample data, for the admin's live preview."""
    english = template.language == "en"
    data = CertificateData(
        number="SK/2021/00042",
        name="Zażółć Gęślą-Jaźń" if not english else "Jane Example",
        title="Współpraca międzysektorowa w gminie"
        if not english
        else "Cross-sector cooperation in municipalities",
        kind=template.kind or "event",
        form="szkolenie dwudniowe" if not english else "two-day training",
        hours=Decimal("14"),
        date_from=date(2021, 2, 15),
        date_to=date(2021, 2, 16),
        place="Rzeszów",
        organiser="18",
        issued_on=date(2021, 2, 17),
        verification_url=f"{settings.WAGTAILADMIN_BASE_URL}/certyfikaty/weryfikacja/"
        "przyklad/",
        language=template.language,
        programme=[
            {"topic": "Model kooperacji i rola koordynatora", "hours": "4"},
            {"topic": "Diagnoza potrzeb i zasobów gminy", "hours": "6"},
            {"topic": "Planowanie usług społecznych", "hours": "4"},
        ],
        issuer_name="Regionalny Ośrodek Polityki Społecznej w Rzeszowie",
        issuer_address="ul. Hetmańska 9, 35-045 Rzeszów",
        place_of_issue="Rzeszów",
        birth_date=date(1980, 5, 17),
        outcomes=[
            "Zna model kooperacji i zadania koordynatora PZK.",
            "Potrafi przygotować diagnozę potrzeb rodzin w gminie.",
        ],
        project_title="Liderzy kooperacji",
        project_number="POWR.02.05.00-00-0000/17",
    )
    return render_certificate(data=data, template=template)
