"""Drawing certificates as PDF with ReportLab (see
docs/architecture-certificates.md for why not an HTML-to-PDF engine).

``render_certificate(data=..., template=...)`` is pure: plain data in, bytes
out. It never touches the database except to read images of the template and
the funding marks, so the issuing service can call it inside its transaction.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import qrcode
from django.conf import settings
from PIL import Image
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

# Fonts and funding marks are shared with every printed document.
from szkola.home.pdf import (
    FONT,
    FONT_BOLD,
    FundingBar,
    _image_reader,
    funding_bar,
    register_fonts,
)

# Binary (Flate) streams instead of ASCII85 text: smaller files, and the
# encoding was a tenth of the drawing time.
rl_config.useA85 = 0

NAVY = colors.HexColor("#123a6b")
EU_BLUE = colors.HexColor("#003399")
EU_YELLOW = colors.HexColor("#ffcc00")

LABELS = {
    "pl": {
        "course": "kurs",
        "event": "szkolenie",
        "path": "ścieżkę edukacyjną",
        "number": "Nr",
        "verify": "Sprawdź ważność:",
        "hours": "godz.",
        "topic": "Temat",
        "hours_col": "Liczba godzin",
        "total": "Razem",
        "issued": "Data wydania:",
        "online": "online",
    },
    "en": {
        "course": "course",
        "event": "training",
        "path": "learning path",
        "number": "No.",
        "verify": "Verify:",
        "hours": "h",
        "topic": "Topic",
        "hours_col": "Hours",
        "total": "Total",
        "issued": "Issued on:",
        "online": "online",
    },
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class CertificateData:
    """Everything printed on one certificate."""

    number: str
    name: str
    title: str
    kind: str
    hours: Decimal
    date_from: date | None
    date_to: date | None
    place: str
    organiser: str
    issued_on: date
    verification_url: str
    language: str = "pl"
    programme: list[dict] = field(default_factory=list)
    issuer_name: str = "Szkoła Kooperacji"


def format_hours(hours: Decimal) -> str:
    hours = Decimal(hours)
    text = f"{hours.normalize():f}" if hours == hours.to_integral() else f"{hours:.1f}"
    return text.replace(".", ",")


def format_dates(date_from: date | None, date_to: date | None) -> str:
    if not date_from:
        return ""
    if not date_to or date_to == date_from:
        return date_from.strftime("%d.%m.%Y")
    return f"{date_from:%d.%m.%Y} – {date_to:%d.%m.%Y}"


def fill_placeholders(text: str, data: CertificateData) -> str:
    labels = LABELS.get(data.language, LABELS["pl"])
    values = {
        "name": data.name,
        "title": data.title,
        "kind_label": labels.get(data.kind, data.kind),
        "hours": format_hours(data.hours),
        "dates": format_dates(data.date_from, data.date_to),
        "date_from": data.date_from.strftime("%d.%m.%Y") if data.date_from else "",
        "date_to": data.date_to.strftime("%d.%m.%Y") if data.date_to else "",
        "place": data.place,
        "number": data.number,
        "organiser": data.organiser,
    }
    # Unknown placeholders stay as typed, so a typo shows in the preview
    # instead of failing the issue.
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _draw_eu_flag(canvas: Canvas, x: float, y: float, h: float) -> None:
    import math

    w = h * 1.5
    canvas.setFillColor(EU_BLUE)
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    canvas.setFillColor(EU_YELLOW)
    cx, cy, r = x + w / 2, y + h / 2, h / 3
    for i in range(12):
        angle = 2 * math.pi * i / 12
        canvas.circle(cx + r * math.cos(angle), cy + r * math.sin(angle), h / 25, 0, 1)


def _draw_funding_bar(canvas: Canvas, bar: FundingBar, width: float) -> None:
    y, h = 12 * mm, 14 * mm
    slot = (width - 40 * mm) / 3
    for index, (image, alt) in enumerate(zip(bar.images, bar.alts, strict=False)):
        x = 20 * mm + index * slot
        if image is not None:
            canvas.drawImage(
                image,
                x,
                y,
                width=slot - 6 * mm,
                height=h,
                preserveAspectRatio=True,
                anchor="w",
                mask="auto",
            )
            continue
        # Drawn stand-ins when no official artwork is uploaded.
        if index == 2:
            _draw_eu_flag(canvas, x, y, h)
            text_x = x + h * 1.5 + 2 * mm
        elif index == 1:
            canvas.setFillColor(colors.white)
            canvas.setStrokeColor(colors.grey)
            canvas.rect(x, y + h / 2, h * 1.2, h / 2, stroke=1, fill=1)
            canvas.setFillColor(colors.HexColor("#dc143c"))
            canvas.rect(x, y, h * 1.2, h / 2, stroke=1, fill=1)
            text_x = x + h * 1.2 + 2 * mm
        else:
            canvas.setFillColor(EU_BLUE)
            canvas.roundRect(x, y, h, h, 2 * mm, stroke=0, fill=1)
            text_x = x + h + 2 * mm
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 6.5)
        lines = simpleSplit(alt, FONT, 6.5, slot - (text_x - x) - 2 * mm)
        for line_no, line in enumerate(lines[:3]):
            canvas.drawString(text_x, y + h - 3 * mm - line_no * 3 * mm, line)
    if bar.text:
        canvas.setFont(FONT, 6.5)
        canvas.setFillColor(colors.black)
        for line_no, line in enumerate(
            simpleSplit(bar.text, FONT, 6.5, width - 40 * mm)[:2]
        ):
            canvas.drawCentredString(width / 2, 8 * mm - line_no * 3 * mm, line)


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code's modules, quiet zone included (4 modules each side)."""
    # A fixed mask pattern: choosing the "best" one scores all eight in pure
    # Python (about 18 ms a code); any mask decodes the same.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=2
    )
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    # One 1-bit image with a pixel per module, scaled up without
    # interpolation: as sharp as vector rectangles when printed or zoomed,
    # and one small XObject instead of hundreds of path operators.
    matrix = qr_matrix(url)
    count = len(matrix)
    image = Image.new("1", (count, count), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    canvas.drawImage(ImageReader(image), x, y, width=size, height=size)
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)


def _template_values(template) -> dict:
    from .models import DEFAULT_BODY_EN, DEFAULT_BODY_PL

    if template is None:
        return {
            "heading": None,
            "body": None,
            "show_programme": True,
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


def render_certificate(
    *, data: CertificateData, template=None, bar: FundingBar | None = None
) -> bytes:
    """The certificate as PDF bytes: page one the certificate, page two the
    programme (when the template shows it and there is one)."""
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

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        lang=data.language,
        pageCompression=1,
        invariant=1,
        initialFontName=FONT,
    )
    canvas.setTitle(f"{heading.capitalize()} {data.number} — {data.title}")
    canvas.setAuthor(data.issuer_name)
    canvas.setSubject(data.title)
    canvas.setCreator(data.issuer_name)
    canvas.setKeywords([data.number])

    # Page one: the certificate.
    if values["background"] is not None:
        canvas.drawImage(values["background"], 0, 0, width=width, height=height)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(2)
    canvas.rect(10 * mm, 10 * mm + 20 * mm, width - 20 * mm, height - 40 * mm)
    if values["logo_strip"] is not None:
        canvas.drawImage(
            values["logo_strip"],
            20 * mm,
            12 * mm,
            width=width - 40 * mm,
            height=14 * mm,
            preserveAspectRatio=True,
            mask="auto",
        )
    else:
        _draw_funding_bar(canvas, bar, width)

    top = height - 30 * mm
    canvas.setFillColor(NAVY)
    canvas.setFont(FONT_BOLD, 30)
    canvas.drawCentredString(width / 2, top - 10 * mm, heading)
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 11)
    canvas.drawCentredString(
        width / 2, top - 18 * mm, f"{labels['number']} {data.number}"
    )
    text = fill_placeholders(body, data)
    y = top - 32 * mm
    for paragraph in text.split("\n"):
        is_name = paragraph.strip() == data.name
        font, size = (FONT_BOLD, 22) if is_name else (FONT, 13)
        canvas.setFont(font, size)
        for line in simpleSplit(paragraph, font, size, width - 60 * mm) or [""]:
            canvas.drawCentredString(width / 2, y, line)
            y -= size * 0.55 * mm
        y -= 2 * mm

    # Signatories along the bottom, QR code bottom right.
    sig_y = 48 * mm
    signatories = values["signatories"]
    for index, signatory in enumerate(signatories[:3]):
        x = 30 * mm + index * 70 * mm
        if signatory["signature"] is not None:
            canvas.drawImage(
                signatory["signature"],
                x,
                sig_y + 4 * mm,
                width=50 * mm,
                height=14 * mm,
                preserveAspectRatio=True,
                mask="auto",
            )
        canvas.setLineWidth(0.5)
        canvas.line(x, sig_y + 3 * mm, x + 55 * mm, sig_y + 3 * mm)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(x, sig_y - 1 * mm, signatory["name"])
        canvas.setFont(FONT, 8)
        canvas.drawString(x, sig_y - 5 * mm, signatory["function"])
    canvas.setFont(FONT, 9)
    canvas.drawString(30 * mm, 38 * mm, f"{labels['issued']} {data.issued_on:%d.%m.%Y}")
    qr_size = 26 * mm
    qr_x, qr_y = width - 20 * mm - qr_size, 33 * mm
    _draw_qr(canvas, data.verification_url, qr_x, qr_y, qr_size)
    canvas.setFont(FONT, 6.5)
    canvas.drawRightString(qr_x - 2 * mm, qr_y + 8 * mm, labels["verify"])
    canvas.drawRightString(qr_x - 2 * mm, qr_y + 4 * mm, data.verification_url)
    canvas.showPage()

    # Page two: the programme.
    if values["show_programme"] and data.programme:
        canvas.setFont(FONT_BOLD, 18)
        canvas.setFillColor(NAVY)
        programme_heading = values["programme_heading"] or (
            "Programme" if english else "Program"
        )
        canvas.drawString(20 * mm, height - 25 * mm, programme_heading)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 11)
        canvas.drawString(20 * mm, height - 33 * mm, data.title)
        y = height - 45 * mm
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(20 * mm, y, labels["topic"])
        canvas.drawRightString(width - 20 * mm, y, labels["hours_col"])
        y -= 7 * mm
        total = Decimal(0)
        for item in data.programme:
            canvas.setFont(FONT, 10)
            lines = simpleSplit(str(item.get("topic", "")), FONT, 10, width - 80 * mm)
            hours = Decimal(str(item.get("hours") or 0))
            total += hours
            for line_no, line in enumerate(lines or [""]):
                canvas.drawString(20 * mm, y, line)
                if line_no == 0:
                    canvas.drawRightString(width - 20 * mm, y, format_hours(hours))
                y -= 5.5 * mm
            if y < 30 * mm:
                canvas.showPage()
                y = height - 25 * mm
        canvas.setLineWidth(0.5)
        canvas.line(20 * mm, y + 3 * mm, width - 20 * mm, y + 3 * mm)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(20 * mm, y - 2 * mm, labels["total"])
        canvas.drawRightString(width - 20 * mm, y - 2 * mm, format_hours(total))
        canvas.setFont(FONT, 8)
        canvas.drawString(20 * mm, 15 * mm, f"{labels['number']} {data.number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


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
    )
    return render_certificate(data=data, template=template)
