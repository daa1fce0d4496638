"""The optional PAdES seal of certificate PDFs, validated by pyHanko."""

import io

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import seal
from certificates.storage import private_storage

from .factories import certificate_create

pytestmark = pytest.mark.django_db

_KEY, _CERT = seal.dev_key_and_cert_new()


@pytest.fixture
def sealing(settings):
    settings.CERTIFICATE_SEAL_KEY = _KEY
    settings.CERTIFICATE_SEAL_CERT = _CERT
    seal._signer.cache_clear()
    return settings


def _validate(pdf: bytes, tmp_path):
    (tmp_path / "cert.pem").write_text(_CERT)
    trusted = load_cert_from_pemder(str(tmp_path / "cert.pem"))
    reader = PdfFileReader(io.BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    return validate_pdf_signature(
        signature, ValidationContext(trust_roots=[trusted], allow_fetching=False)
    )


def test_issued_certificate_is_sealed_and_the_seal_validates(sealing, tmp_path):
    certificate = certificate_create()
    pdf = private_storage().open(certificate.pdf).read()

    status = _validate(pdf, tmp_path)

    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.signer_reported_dt is not None
    assert "Szkoła Kooperacji" in status.signing_cert.subject.human_friendly


def test_a_changed_byte_breaks_the_seal(sealing, tmp_path):
    certificate = certificate_create()
    pdf = bytearray(private_storage().open(certificate.pdf).read())
    at = pdf.index(b"SK/")  # inside the signed range: the metadata title
    pdf[at] = ord("X")

    status = _validate(bytes(pdf), tmp_path)

    assert not status.intact
    assert not status.bottom_line


def test_without_configuration_nothing_is_sealed(settings):
    settings.CERTIFICATE_SEAL_KEY = ""
    settings.CERTIFICATE_SEAL_CERT = ""
    settings.DEBUG = False
    settings.CERTIFICATE_SEAL_DEV_FILE = False
    certificate = certificate_create()
    pdf = private_storage().open(certificate.pdf).read()

    assert not PdfFileReader(io.BytesIO(pdf)).embedded_signatures


def test_key_without_certificate_is_refused(settings):
    settings.CERTIFICATE_SEAL_KEY = _KEY
    settings.CERTIFICATE_SEAL_CERT = ""
    with pytest.raises(seal.SealMisconfigured):
        seal.seal_pdf(b"%PDF-1.4")


def test_development_key_is_generated_once(settings, tmp_path):
    settings.CERTIFICATE_SEAL_KEY = ""
    settings.CERTIFICATE_SEAL_CERT = ""
    settings.CERTIFICATE_SEAL_DEV_FILE = True
    settings.BASE_DIR = tmp_path

    first = seal.configured_pems()
    second = seal.configured_pems()

    assert first == second
    assert (
        tmp_path / "var" / "certificate_seal_key.pem"
    ).stat().st_mode & 0o777 == 0o600
