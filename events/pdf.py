"""The printable attendance list (lista obecności) of one event day."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from szkola.home.pdf import FONT, FONT_BOLD, funding_bar, register_fonts


def attendance_list_pdf(*, day, registrations) -> bytes:
    """A4 list: funding bar, event, day, and one row per confirmed
    participant with a signature column."""
    register_fonts()
    regular, bold = FONT, FONT_BOLD
    event = day.page
    bar = funding_bar()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=32 * mm,
        bottomMargin=18 * mm,
        title=_("Lista obecności — %(title)s") % {"title": event.title},
        author="Szkoła Kooperacji",
    )
    width, height = A4

    def draw_page(canvas, document):
        canvas.saveState()
        slot = (width - 30 * mm) / 3
        y, h = height - 24 * mm, 14 * mm
        for index, (image, alt) in enumerate(zip(bar.images, bar.alts, strict=False)):
            x = 15 * mm + index * slot
            if image is not None:
                canvas.drawImage(
                    image,
                    x,
                    y,
                    width=slot - 4 * mm,
                    height=h,
                    preserveAspectRatio=True,
                    anchor="c",
                    mask="auto",
                )
            else:
                canvas.setFont(bold, 8)
                canvas.drawCentredString(x + slot / 2, y + h / 2, alt[:60])
        canvas.setStrokeColor(colors.grey)
        canvas.line(15 * mm, y - 2 * mm, width - 15 * mm, y - 2 * mm)
        canvas.setFont(regular, 7)
        if bar.text:
            canvas.drawCentredString(width / 2, 10 * mm, bar.text[:160])
        canvas.drawRightString(
            width - 15 * mm,
            5 * mm,
            _("Strona %(page)s") % {"page": document.page},
        )
        canvas.restoreState()

    title_style = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19)
    text_style = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13)
    cell_style = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    head_style = ParagraphStyle("head", fontName=bold, fontSize=9, leading=11)

    def p(text, style=text_style):
        return Paragraph(escape(str(text)), style)

    story = [
        p(_("Lista obecności"), title_style),
        Spacer(1, 3 * mm),
        p(event.title, ParagraphStyle("ev", parent=text_style, fontName=bold)),
        p(
            _("Dzień: %(date)s, %(start)s–%(end)s")
            % {
                "date": day.date.strftime("%d.%m.%Y"),
                "start": day.start.strftime("%H:%M"),
                "end": day.end.strftime("%H:%M"),
            }
        ),
        p(
            _("Miejsce: %(venue)s, %(address)s")
            % {"venue": event.venue_name, "address": event.venue_address}
        ),
        Spacer(1, 5 * mm),
    ]
    rows = [
        [
            p(_("Lp."), head_style),
            p(_("Imię i nazwisko"), head_style),
            p(_("Instytucja"), head_style),
            p(_("Podpis"), head_style),
        ]
    ]
    for number, registration in enumerate(registrations, start=1):
        rows.append(
            [
                p(str(number), cell_style),
                p(registration.participant_name, cell_style),
                p(registration.institution_name, cell_style),
                "",
            ]
        )
    table = Table(
        rows,
        colWidths=[12 * mm, 55 * mm, 65 * mm, 48 * mm],
        repeatRows=1,
        rowHeights=[None] + [11 * mm] * len(registrations),
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(table)
    doc.build(story, onFirstPage=draw_page, onLaterPages=draw_page)
    return buffer.getvalue()
