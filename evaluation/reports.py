"""Results people would rather look at than read: server-drawn SVG charts
(with the numbers written on them and a text description, readable without
colour) and the XLSX export. Both read only through selectors."""

import io
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import selectors
from .models import EvaluationPlan
from .sources import Source

PRE_FILL = "#1d4f91"
POST_FILL = "#2d6a2e"


def _svg_open(*, width: int, height: int, title: str, desc: str, uid: str) -> str:
    return (
        f'<svg class="eval-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title>'
        f'<desc id="{uid}-d">{escape(desc)}</desc>'
        # Post-test bars are hatched, so the two series differ without colour.
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{POST_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>'
        f"</pattern></defs>"
    )


def distribution_svg(*, distribution: dict, uid: str = "dist") -> str:
    """Grouped bars: participants per score band, pre-test (solid) and
    post-test (hatched), each bar with its count written above it."""
    bands = distribution["bands"]
    pre, post = distribution["pre"], distribution["post"]
    top = max([1, *pre, *post])
    width, height, base, left = 560, 260, 210, 40
    group = (width - left - 10) / len(bands)
    bar = group / 3
    desc = "; ".join(
        _("%(band)s: przed %(pre)d, po %(post)d") % {"band": band, "pre": a, "post": b}
        for band, a, b in zip(bands, pre, post, strict=False)
    )
    parts = [
        _svg_open(
            width=width,
            height=height,
            title=_("Rozkład wyników testu przed i po zajęciach (liczba osób)"),
            desc=desc,
            uid=uid,
        ),
        f'<line x1="{left}" y1="{base}" x2="{width - 5}" y2="{base}" '
        f'stroke="#333333"/>',
    ]
    for i, band in enumerate(bands):
        x = left + i * group + bar / 2
        for j, (value, fill) in enumerate(
            ((pre[i], PRE_FILL), (post[i], f"url(#{uid}-hatch)"))
        ):
            h = (base - 30) * value / top
            bx = x + j * bar
            parts.append(
                f'<rect x="{bx:.1f}" y="{base - h:.1f}" width="{bar - 2:.1f}" '
                f'height="{h:.1f}" fill="{fill}" stroke="#000000" stroke-width="0.5"/>'
                f'<text x="{bx + bar / 2 - 1:.1f}" y="{base - h - 4:.1f}" '
                f'text-anchor="middle" font-size="13" fill="#000000">{value}</text>'
            )
        parts.append(
            f'<text x="{x + bar:.1f}" y="{base + 18}" text-anchor="middle" '
            f'font-size="12" fill="#000000">{escape(band)}</text>'
        )
    legend_y = height - 14
    parts.append(
        f'<rect x="{left}" y="{legend_y - 11}" width="14" height="14" '
        f'fill="{PRE_FILL}"/><text x="{left + 20}" y="{legend_y}" font-size="13" '
        f'fill="#000000">{escape(_("test przed (pełne)"))}</text>'
        f'<rect x="{left + 200}" y="{legend_y - 11}" width="14" height="14" '
        f'fill="url(#{uid}-hatch)"/><text x="{left + 220}" y="{legend_y}" '
        f'font-size="13" fill="#000000">'
        f"{escape(_('test po (kreskowane)'))}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def scale_svg(*, question: dict, uid: str) -> str:
    """Horizontal bars for one 1–5 question: how many chose each value."""
    counts = question["counts"]
    top = max([1, *counts])
    width, row, left = 460, 26, 70
    height = row * 5 + 10
    desc = "; ".join(
        _("ocena %(v)d: %(n)d") % {"v": v, "n": n}
        for v, n in zip(range(1, 6), counts, strict=False)
    )
    parts = [
        _svg_open(
            width=width, height=height, title=question["text"], desc=desc, uid=uid
        )
    ]
    for i, n in enumerate(counts):
        y = 5 + i * row
        w = (width - left - 50) * n / top
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#000000">{escape(_("ocena %(v)d") % {"v": i + 1})}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{PRE_FILL}"/>'
            f'<text x="{left + w + 6:.1f}" y="{y + 17}" font-size="13" '
            f'fill="#000000">{n}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def results_context(*, plan: EvaluationPlan | None, source: Source) -> dict:
    summary = selectors.effect_summary(source_kind=source.kind, source_id=source.id)
    distribution = selectors.score_distribution(plan=plan, source=source)
    surveys = []
    for survey in selectors.surveys_of(plan=plan):
        questions = selectors.survey_results(survey=survey)
        for i, q in enumerate(questions):
            if q["kind"] == "scale":
                q["svg"] = scale_svg(question=q, uid=f"s{survey.pk}-{i}")
        surveys.append(
            {
                "survey": survey,
                "questions": questions,
                "rate": selectors.survey_response_rate(survey=survey, source=source),
            }
        )
    gained_share = (
        round(summary["competences_gained"] * 100 / summary["participants"], 1)
        if summary["participants"]
        else None
    )
    return {
        "summary": summary,
        "gained_share": gained_share,
        "distribution": distribution,
        "distribution_rows": list(
            zip(
                distribution["bands"],
                distribution["pre"],
                distribution["post"],
                strict=False,
            )
        ),
        "distribution_svg": distribution_svg(distribution=distribution),
        "surveys": surveys,
    }


# --- XLSX ------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """A text cell a spreadsheet will never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _append(sheet, row: list) -> None:
    sheet.append([formula_safe(v) for v in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


SUMMARY_ROWS = (
    ("participants", gettext_noop("Uczestnicy")),
    ("pre_mean", gettext_noop("Średni wynik testu przed (%)")),
    ("post_mean", gettext_noop("Średni wynik testu po (%)")),
    ("competences_gained", gettext_noop("Uczestnicy, którzy uzyskali kompetencje")),
    ("survey_responses", gettext_noop("Wypełnione ankiety")),
    ("satisfaction_mean", gettext_noop("Średnia ocena zadowolenia (1–5)")),
)


def results_xlsx(*, plan: EvaluationPlan | None, source: Source) -> bytes:
    """Sheets: Podsumowanie (the effect_summary figures), Uczestnicy (test
    scores and competences per person), Ankieta (per question), Odpowiedzi
    otwarte. Every text cell is formula-safe."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Podsumowanie")
    summary = selectors.effect_summary(source_kind=source.kind, source_id=source.id)
    _append(sheet, [_("Zajęcia"), source.title])
    for key, label in SUMMARY_ROWS:
        _append(sheet, [_(label), summary[key]])
    people = book.create_sheet(_("Uczestnicy"))
    _append(
        people,
        [
            _("Imię i nazwisko"),
            _("E-mail"),
            _("Test przed (%)"),
            _("Test po (%)"),
            _("Efekty osiągnięte"),
            _("Kompetencje uzyskane"),
        ],
    )
    if plan is not None:
        for row in selectors.assessment_sheet(plan=plan, source=source):
            achieved = sum(1 for _o, d in row["decisions"] if d and d.achieved)
            _append(
                people,
                [
                    row["user"].get_full_name(),
                    row["user"].email,
                    row["pre"],
                    row["post"],
                    f"{achieved}/{len(row['decisions'])}",
                    _("tak") if row["gained"] else _("nie"),
                ],
            )
    answers = book.create_sheet(_("Ankieta"))
    _append(
        answers,
        [
            _("Ankieta"),
            _("Pytanie"),
            "1",
            "2",
            "3",
            "4",
            "5",
            _("Odpowiedzi"),
            _("Średnia"),
        ],
    )
    texts = book.create_sheet(_("Odpowiedzi otwarte"))
    _append(texts, [_("Ankieta"), _("Pytanie"), _("Odpowiedź")])
    for survey in selectors.surveys_of(plan=plan):
        for q in selectors.survey_results(survey=survey):
            if q["kind"] == "scale":
                _append(
                    answers,
                    [survey.title, q["text"], *q["counts"], q["answers"], q["mean"]],
                )
            else:
                for text in q["texts"]:
                    _append(texts, [survey.title, q["text"], text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def indicator_xlsx(*, rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Wskaźnik kompetencji")
    _append(
        sheet,
        [
            _("Województwo"),
            _("Uczestnicy"),
            _("Uzyskali kompetencje"),
            _("Odsetek (%)"),
        ],
    )
    for row in rows:
        _append(
            sheet, [row["label"], row["participants"], row["gained"], row["percent"]]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
