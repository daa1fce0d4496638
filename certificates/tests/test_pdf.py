import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from certificates.pdf import CertificateData, render_certificate
from certificates.storage import private_storage

from .factories import certificate_create

pytestmark = pytest.mark.django_db

POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"


def _data(**overrides):
    values = dict(
        number="SK/2021/00042",
        name="Zażółć Gęślą-Jaźń",
        title=f"Szkolenie {POLISH}",
        kind="event",
        hours=Decimal("14"),
        date_from=date(2021, 2, 15),
        date_to=date(2021, 2, 16),
        place="Łódź",
        organiser="18",
        issued_on=date(2021, 2, 17),
        verification_url="https://szkola.example.org/certyfikaty/weryfikacja/abc/",
        programme=[{"topic": "Źródła współpracy", "hours": "6"}],
    )
    values.update(overrides)
    return CertificateData(**values)


@pytest.fixture
def reader(db):
    return PdfReader(io.BytesIO(render_certificate(data=_data())))


def test_pdf_is_a4(reader):
    box = reader.pages[0].mediabox
    assert sorted([round(float(box.width)), round(float(box.height))]) == [595, 842]


def test_pdf_text_extracts_with_polish_letters(reader):
    text = reader.pages[0].extract_text()
    assert "Zażółć Gęślą-Jaźń" in text
    assert POLISH in text
    assert "SK/2021/00042" in text


def test_pdf_embeds_its_fonts(reader):
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_pdf_has_title_author_and_language(reader):
    assert "SK/2021/00042" in reader.metadata.title
    assert reader.metadata.author == "Szkoła Kooperacji"
    assert reader.trailer["/Root"]["/Lang"] == "pl"


def test_pdf_links_the_qr_code_to_the_verification_page(reader):
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    uris = [a["/A"]["/URI"] for a in annotations if "/A" in a]
    assert uris == ["https://szkola.example.org/certyfikaty/weryfikacja/abc/"]


def test_pdf_second_page_is_the_programme(reader):
    assert len(reader.pages) == 2
    text = reader.pages[1].extract_text()
    assert "Program" in text
    assert "Źródła współpracy" in text


def test_pdf_english_template_texts():
    pdf = render_certificate(data=_data(language="en"))
    reader = PdfReader(io.BytesIO(pdf))
    assert "CERTIFICATE" in reader.pages[0].extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_without_programme_has_one_page():
    pdf = render_certificate(data=_data(programme=[]))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="needs poppler-utils and zbar-tools (apt)",
)
def test_qr_code_of_an_issued_certificate_decodes_to_its_verification_url(tmp_path):
    certificate = certificate_create()
    pdf = private_storage().open(certificate.pdf).read()
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = next(tmp_path.glob("page*.png"))
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == (
        f"https://szkola.example.org/certyfikaty/weryfikacja/{certificate.code}/"
    )
