"""The printable attendance list (lista obecności): of one event day, or one
sheet for the whole event with a signature column per day.

What an EFS audit looks for on it: the funding marks and the co-financing
sentence (drawn by ``szkola.home.pdf``, as on every document), the project's
title and number, the event's title, dates, hours and place, the trainers
with a field for their signatures, and per participant Lp., name,
institution and a signature per day; "Strona N z M" on every page; fonts
embedded.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from szkola.home.pdf import (
    FONT,
    FONT_BOLD,
    FundingBar,
    draw_funding_bar,
    funding_bar,
    funding_bar_height,
    page_of_pages_canvas,
    pdf_date,
    qr_drawing,
    register_fonts,
)

MARGIN = 14 * mm
QR_SIZE = 32 * mm


def _hours(value) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    return text.replace(".", ",")


def event_trainers(*, event, days) -> list[str]:
    """Who leads the given days: the programme's "prowadzący" on those
    dates (in programme order), else the event's speakers."""
    dates = {day.date for day in days}
    names: list[str] = []
    for item in sorted(
        event.programme_items.all(), key=lambda i: (i.date, i.start, i.sort_order or 0)
    ):
        for name in (item.speaker or "").split(","):
            name = name.strip()
            if item.date in dates and name and name not in names:
                names.append(name)
    if not names:
        names = [speaker.name for speaker in event.speakers.all()]
    return names


def attendance_list_pdf(
    *,
    event,
    days,
    registrations,
    trainers: list[str] | None = None,
    bar: FundingBar | None = None,
    project_title: str = "",
    project_number: str = "",
    organisation: str = "Szkoła Kooperacji",
    links: list[dict] | None = None,
) -> bytes:
    """The list for ``days`` (one day, or all days of ``event``) with one row
    per registration; A4 portrait up to three days, landscape beyond.
    ``links`` ([{"label", "url"}], e.g. the knowledge tests) are printed at
    the end, each with its QR code, for participants to open on a phone."""
    register_fonts()
    days = list(days)
    registrations = list(registrations)
    bar = bar if bar is not None else funding_bar()
    trainers = event_trainers(event=event, days=days) if trainers is None else trainers
    pagesize = A4 if len(days) <= 3 else landscape(A4)
    width, height = pagesize
    content_width = width - 2 * MARGIN
    bar_height = funding_bar_height(bar, width=content_width, mark_height=11 * mm)
    top_margin = 8 * mm + bar_height + 5 * mm

    def footer(canvas, number, total):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(
            MARGIN, 8 * mm, f"{_('Lista obecności')} — {event.title}"[:110]
        )
        canvas.drawRightString(
            width - MARGIN,
            8 * mm,
            _("Strona %(page)s z %(pages)s") % {"page": number, "pages": total},
        )
        canvas.restoreState()

    def draw_page(canvas, document):
        canvas.saveState()
        bottom = draw_funding_bar(
            canvas,
            bar,
            x=MARGIN,
            top=height - 8 * mm,
            width=content_width,
            mark_height=11 * mm,
        )
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, bottom - 1.5 * mm, width - MARGIN, bottom - 1.5 * mm)
        canvas.restoreState()

    buffer = io.BytesIO()
    dates_text = (
        days[0].date.strftime("%d.%m.%Y")
        if len(days) == 1
        else f"{days[0].date:%d.%m.%Y} – {days[-1].date:%d.%m.%Y}"
    )
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top_margin,
        bottomMargin=16 * mm,
        title=f"{_('Lista obecności')} — {event.title} ({dates_text})",
        author=organisation,
        subject=project_title,
        creator=organisation,
        lang="pl",
    )

    title_style = ParagraphStyle(
        "title", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=1
    )
    text_style = ParagraphStyle("text", fontName=FONT, fontSize=9.5, leading=12.5)
    bold_style = ParagraphStyle("bold", parent=text_style, fontName=FONT_BOLD)
    cell_style = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5)
    head_style = ParagraphStyle("head", fontName=FONT_BOLD, fontSize=8.5, leading=10.5)

    def p(text, style=text_style):
        return Paragraph(escape(str(text)), style)

    def labelled(label, value):
        return Paragraph(
            f"<font name='{FONT_BOLD}'>{escape(label)}:</font> {escape(str(value))}",
            text_style,
        )

    hours_lines = "; ".join(
        f"{day.date:%d.%m.%Y} {day.start:%H:%M}–{day.end:%H:%M} "
        f"({_hours(day.hours)} {_('godz.')})"
        for day in days
    )
    project = project_title
    if project_number:
        project = f"„{project_title}”, {_('nr')} {project_number}"
    place = ", ".join(
        part for part in (event.venue_name, event.venue_address, event.city) if part
    )
    story = [
        p(_("LISTA OBECNOŚCI"), title_style),
        Spacer(1, 3 * mm),
        labelled(_("Projekt"), project or "—"),
        labelled(_("Wydarzenie"), f"{event.title} ({event.get_kind_display()})"),
        labelled(
            _("Data") if len(days) == 1 else _("Daty"),
            dates_text,
        ),
        labelled(_("Godziny"), hours_lines),
        labelled(_("Miejsce"), place or "—"),
        Spacer(1, 3 * mm),
    ]

    # Trainers with their signatures: one column per day, as participants.
    day_heads = [p(f"{_('Podpis')} {day.date:%d.%m}", head_style) for day in days]
    trainer_rows = [[p(_("Trener / prowadzący"), head_style), *day_heads]]
    for name in trainers or ["", ""]:
        trainer_rows.append([p(name, cell_style), *["" for _day in days]])
    name_width = 70 * mm
    day_width = (content_width - name_width) / max(len(days), 1)
    trainer_table = Table(
        trainer_rows,
        colWidths=[name_width] + [day_width] * len(days),
        rowHeights=[None] + [10 * mm] * (len(trainer_rows) - 1),
    )
    trainer_table.setStyle(_grid())
    story += [trainer_table, Spacer(1, 5 * mm)]

    # Participants.
    number_width, institution_width = 11 * mm, 48 * mm
    person_width = 44 * mm
    signature_width = (
        content_width - number_width - person_width - institution_width
    ) / max(len(days), 1)
    rows = [
        [
            p(_("Lp."), head_style),
            p(_("Imię i nazwisko"), head_style),
            p(_("Instytucja"), head_style),
            *day_heads,
        ]
    ]
    for number, registration in enumerate(registrations, start=1):
        rows.append(
            [
                p(str(number), cell_style),
                p(registration.participant_name, cell_style),
                p(registration.institution_name, cell_style),
                *["" for _day in days],
            ]
        )
    table = Table(
        rows,
        colWidths=[number_width, person_width, institution_width]
        + [signature_width] * len(days),
        repeatRows=1,
    )
    table.setStyle(_grid())
    # Room to sign: rows grow with a long institution name, never shrink
    # below about 1 cm.
    table.setStyle(
        TableStyle(
            [
                ("TOPPADDING", (0, 1), (-1, -1), 4 * mm),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 4 * mm),
            ]
        )
    )
    story.append(table)
    if not registrations:
        story.append(p(_("Brak potwierdzonych uczestników."), bold_style))
    if links:
        story.append(_links_block(links, p=p, head_style=head_style))

    canvasmaker = page_of_pages_canvas(footer)

    def make_canvas(*args, **kwargs):
        canvas = canvasmaker(*args, **kwargs)
        canvas.setDateFormatter(pdf_date(timezone.now()))
        return canvas

    doc.build(
        story, onFirstPage=draw_page, onLaterPages=draw_page, canvasmaker=make_canvas
    )
    return buffer.getvalue()


def _links_block(links: list[dict], *, p, head_style) -> KeepTogether:
    """The participants' links with a QR code each (vector, about 0.6 mm a
    module, so a 150 dpi scan of the printed list decodes)."""
    url_style = ParagraphStyle("url", fontName=FONT, fontSize=8.5, leading=10.5)
    rows = [
        [
            qr_drawing(link["url"], size=QR_SIZE),
            [
                p(link["label"], head_style),
                Spacer(1, 1.5 * mm),
                p(link["url"], url_style),
            ],
        ]
        for link in links
    ]
    table = Table(rows, colWidths=[QR_SIZE + 4 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    return KeepTogether(
        [
            Spacer(1, 6 * mm),
            p(_("Dla uczestników: zeskanuj kod telefonem"), head_style),
            Spacer(1, 2 * mm),
            table,
        ]
    )


def _grid() -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            # Empty signature cells too: no unembedded standard font.
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
