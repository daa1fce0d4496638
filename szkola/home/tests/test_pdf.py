"""The shared PDF furniture: funding marks from SVG artwork (bundled or
uploaded in the site settings), the co-financing sentence, page N of M."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from wagtail.documents.models import Document
from wagtail.models import Site

from szkola.home import pdf
from szkola.home.models import SiteSettings
from szkola.home.tests import pdf_checks

pytestmark = pytest.mark.django_db

OFFICIAL_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" '
    b'viewBox="0 0 300 100"><rect width="300" height="100" fill="#039"/>'
    b'<text x="10" y="60" font-family="Arial" font-size="20">OficjalnyZnakFE</text>'
    b"</svg>"
)


def _settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def _document(name: str, content: bytes) -> Document:
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


def _bar_pdf(bar) -> bytes:
    buffer = io.BytesIO()
    canvas = pdf.page_of_pages_canvas(lambda c, n, t: None)(buffer, pagesize=A4)
    pdf.draw_funding_bar(
        canvas, bar, x=15 * mm, top=A4[1] - 10 * mm, width=A4[0] - 30 * mm
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_bundled_marks_are_vectors_in_order_with_the_sentence():
    bar = pdf.funding_bar()

    assert [m.key for m in bar.marks] == ["fe", "rp", "eu"]
    assert all(m.drawing is not None and m.image is None for m in bar.marks)
    assert "Europejskiego Funduszu Społecznego" in bar.text
    document = _bar_pdf(bar)
    words = pdf_checks.assert_all_text_inside_pages(document)
    x = {w["word"]: w["box"][0] for w in words}
    assert x["Fundusze"] < x["Rzeczpospolita"] < x["Unia"]
    assert "Społeczny" in pdf_checks.text(document)  # "ł": fonts are DejaVu


def test_uploaded_svg_artwork_replaces_the_bundled_mark():
    site_settings = _settings()
    site_settings.fe_artwork = _document("fe-official.svg", OFFICIAL_SVG)
    site_settings.save()

    bar = pdf.funding_bar()

    assert bar.marks[0].drawing is not None
    text = pdf_checks.text(_bar_pdf(bar))
    assert "OficjalnyZnakFE" in text
    assert "Fundusze" not in text  # the bundled FE mark is gone
    assert "Rzeczpospolita" in text and "Unia" in text


def test_uploaded_png_artwork_is_drawn_as_an_image():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buffer, "PNG")
    site_settings = _settings()
    site_settings.eu_artwork = _document("eu.png", buffer.getvalue())
    site_settings.save()

    mark = pdf.funding_bar().marks[2]

    assert mark.image is not None and mark.drawing is None
    assert mark.aspect == pytest.approx(3.0)


def test_unreadable_artwork_falls_back_to_the_bundled_mark():
    site_settings = _settings()
    site_settings.rp_artwork = _document("rp.svg", b"<svg this is not xml")
    site_settings.save()

    mark = pdf.funding_bar().marks[1]

    assert mark.drawing is not None
    assert "Rzeczpospolita" in pdf_checks.text(_bar_pdf(pdf.funding_bar()))


def test_marks_shrink_together_to_fit_a_narrow_line():
    bar = pdf.bundled_funding_bar()
    buffer = io.BytesIO()
    canvas = pdf.page_of_pages_canvas(lambda c, n, t: None)(buffer, pagesize=(200, 200))
    pdf.draw_funding_bar(canvas, bar, x=5, top=195, width=190)
    canvas.showPage()
    canvas.save()

    pdf_checks.assert_all_text_inside_pages(buffer.getvalue())


def test_page_of_pages_footer_knows_the_total():
    buffer = io.BytesIO()

    def footer(canvas, number, total):
        canvas.drawString(20, 20, f"Strona {number} z {total}")

    canvas = pdf.page_of_pages_canvas(footer)(buffer, pagesize=A4)
    for _page in range(3):
        canvas.drawString(100, 400, "treść")
        canvas.showPage()
    canvas.save()

    text = pdf_checks.text(buffer.getvalue())
    assert [f"Strona {n} z 3" in text for n in (1, 2, 3)] == [True] * 3
