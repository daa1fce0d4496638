import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from certificates.pdf import CertificateData, render_certificate
from certificates.storage import private_storage
from szkola.home.tests import pdf_checks

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


def test_qr_code_of_an_issued_certificate_decodes_at_150_dpi():
    certificate = certificate_create()
    pdf = private_storage().open(certificate.pdf).read()

    assert pdf_checks.qr_codes(pdf, dpi=150) == [
        f"https://szkola.example.org/certyfikaty/weryfikacja/{certificate.code}/"
    ]


def test_qr_code_is_drawn_as_vectors_not_an_image(reader):
    resources = reader.pages[0]["/Resources"]
    assert "/XObject" not in resources or not any(
        x.get_object()["/Subtype"] == "/Image" for x in resources["/XObject"].values()
    )


def _full_data(**overrides):
    values = dict(
        issuer_name="Regionalny Ośrodek Polityki Społecznej w Białymstoku",
        issuer_address="ul. Wiejska 24\n15-352 Białystok",
        place_of_issue="Białystok",
        form="szkolenie dwudniowe",
        birth_date=date(1980, 5, 17),
        outcomes=["Zna model kooperacji.", "Potrafi przygotować diagnozę gminy."],
        project_title="Liderzy kooperacji",
        project_number="POWR.02.05.00-00-0000/17",
    )
    values.update(overrides)
    return _data(**values)


def _template(**kwargs):
    from certificates.models import CertificateTemplate

    values = {
        "title": "Szablon",
        "show_birth_date": True,
        "signatories": [
            ("signatory", {"name": "Anna Kierownicza", "function": "Dyrektor ROPS"}),
            ("signatory", {"name": "Jan Trenerski", "function": "Trener"}),
        ],
    }
    values.update(kwargs)
    return CertificateTemplate.objects.create(**values)


def test_certificate_carries_what_the_polish_rules_ask_for():
    pdf = render_certificate(data=_full_data(), template=_template())

    text = pdf_checks.text(pdf)
    for expected in (
        "Regionalny Ośrodek Polityki Społecznej w Białymstoku",
        "ul. Wiejska 24",
        "Białystok, 17.02.2021",  # place and date of issue
        "SK/2021/00042",
        "Zażółć Gęślą-Jaźń",
        "urodzony(a) dnia 17.05.1980",
        "szkolenie dwudniowe",
        "15.02.2021 – 16.02.2021",
        "14 godzin",
        "Anna Kierownicza",
        "Dyrektor ROPS",
        "Jan Trenerski",
        "POWR.02.05.00-00-0000/17",
        "Źródła współpracy",  # programme topic
        "Efekty uczenia się",
        "Potrafi przygotować diagnozę gminy.",
        "Strona 1 z 2",
        "Strona 2 z 2",
    ):
        assert expected in text, expected


def test_birth_date_only_where_the_template_asks_for_it():
    pdf = render_certificate(
        data=_full_data(), template=_template(show_birth_date=False)
    )
    assert "17.05.1980" not in pdf_checks.text(pdf)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_no_text_is_clipped(orientation):
    long_title = "Współpraca międzysektorowa " * 8
    pdf = render_certificate(
        data=_full_data(
            title=long_title,
            programme=[{"topic": f"Temat {n} " * 12, "hours": "1"} for n in range(40)],
            outcomes=["Efekt " * 30] * 12,
        ),
        template=_template(orientation=orientation),
    )

    words = pdf_checks.assert_all_text_inside_pages(pdf)
    assert {w["page"] for w in words} == set(
        range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1)
    )


def test_funding_marks_are_vectors_in_the_required_order(reader):
    pdf = render_certificate(data=_data())
    words = [w for w in pdf_checks.word_boxes(pdf) if w["page"] == 1]
    x = {w["word"]: w["box"][0] for w in words}
    assert x["Fundusze"] < x["Rzeczpospolita"] < x["Unia"]
    # Same line: the three marks share their top.
    tops = {round(w["box"][1] / 10) for w in words if w["word"] in ("Fundusze", "Unia")}
    assert len(tops) == 1
    assert "współfinansowany ze środków Unii Europejskiej" in pdf_checks.text(pdf)


def test_pdf_dates_are_the_moment_of_issue():
    import datetime

    moment = datetime.datetime(2021, 2, 17, 23, 30, tzinfo=datetime.UTC)
    pdf = render_certificate(data=_data(issued_at=moment))

    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info["/CreationDate"] == "D:20210218003000+01'00'"
    assert info["/ModDate"] == info["/CreationDate"]


def birth_date_of(user):
    return date(1975, 3, 9) if user.last_name == "Urodzona" else None


def test_issue_prints_the_issuing_body_of_the_organiser(settings):
    from certificates.models import CertificateTemplate, IssuingBody

    from .factories import user_create

    IssuingBody.objects.create(
        organiser="20",
        name="Regionalny Ośrodek Polityki Społecznej w Białymstoku",
        address="ul. Wiejska 24, 15-352 Białystok",
        place_of_issue="Białystok",
    )
    IssuingBody.objects.create(
        organiser="18", name="ROPS w Rzeszowie", place_of_issue="Rzeszów"
    )
    CertificateTemplate.objects.create(
        title="Domyślny", is_default=True, language="pl", show_birth_date=True
    )
    settings.CERTIFICATES_BIRTH_DATE_PROVIDER = (
        "certificates.tests.test_pdf.birth_date_of"
    )

    certificate = certificate_create(
        organiser="20", user=user_create(last_name="Urodzona")
    )

    text = pdf_checks.text(private_storage().open(certificate.pdf).read())
    assert "Regionalny Ośrodek Polityki Społecznej w Białymstoku" in text
    assert "ul. Wiejska 24, 15-352 Białystok" in text
    assert "ROPS w Rzeszowie" not in text
    from django.utils import timezone

    issued_on = timezone.localdate(certificate.issued_at)
    assert f"Miejsce i data wydania: Białystok, {issued_on:%d.%m.%Y}" in text
    assert "urodzony(a) dnia 09.03.1975" in text
