"""The optional electronic seal of certificate PDFs: a PAdES baseline (B-B)
signature made with pyHanko, so any PDF reader shows who issued the document
and that it has not changed since.

Configured from the environment (or settings):

- ``CERTIFICATE_SEAL_KEY``: the private key (PEM, or the PEM in base64);
- ``CERTIFICATE_SEAL_CERT``: its certificate, followed by any intermediate
  certificates (PEM, or the PEM in base64);
- ``CERTIFICATE_SEAL_KEY_PASSWORD``: the key's passphrase, if it has one.

Without them nothing is sealed, except in development (DEBUG, or
``CERTIFICATE_SEAL_DEV_FILE`` true), where a self-signed key and certificate
are generated into ``var/certificate_seal_{key,cert}.pem`` the first time,
as the Open Badges key is. A self-signed seal shows "unknown signer" in a
reader: production needs a certificate for an electronic seal from a
qualified trust service provider.
"""

import base64
import datetime
import io
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SEAL_FIELD = "PieczecElektroniczna"


class SealMisconfigured(RuntimeError):
    pass


def _setting(name: str) -> str:
    value = getattr(settings, name, "") or os.environ.get(name, "")
    value = value.strip()
    if value and "BEGIN" not in value:
        value = base64.b64decode(value).decode()
    return value


def dev_files() -> tuple[Path, Path]:
    folder = Path(settings.BASE_DIR) / "var"
    return folder / "certificate_seal_key.pem", folder / "certificate_seal_cert.pem"


def dev_key_and_cert_new(
    *, common_name: str = "Szkoła Kooperacji (pieczęć testowa)"
) -> tuple[str, str]:
    """A new self-signed ECDSA P-256 key and certificate (PEM), valid ten
    years, for development and tests only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Szkoła Kooperacji"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def configured_pems() -> tuple[str, str, str] | None:
    """(key PEM, certificate chain PEM, passphrase), or None: no seal."""
    key, cert = _setting("CERTIFICATE_SEAL_KEY"), _setting("CERTIFICATE_SEAL_CERT")
    if bool(key) != bool(cert):
        raise SealMisconfigured(
            "CERTIFICATE_SEAL_KEY and CERTIFICATE_SEAL_CERT must be set together"
        )
    password = getattr(settings, "CERTIFICATE_SEAL_KEY_PASSWORD", "") or os.environ.get(
        "CERTIFICATE_SEAL_KEY_PASSWORD", ""
    )
    if key:
        return key, cert, password
    if settings.DEBUG or getattr(settings, "CERTIFICATE_SEAL_DEV_FILE", False):
        key_path, cert_path = dev_files()
        if not (key_path.exists() and cert_path.exists()):
            key_path.parent.mkdir(parents=True, exist_ok=True)
            key_pem, cert_pem = dev_key_and_cert_new()
            key_path.write_text(key_pem)
            key_path.chmod(0o600)
            cert_path.write_text(cert_pem)
        return key_path.read_text(), cert_path.read_text(), ""
    return None


@lru_cache(maxsize=4)
def _signer(key_pem: str, cert_pem: str, password: str):
    from pyhanko.keys import (
        load_certs_from_pemder_data,
        load_private_key_from_pemder_data,
    )
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = list(load_certs_from_pemder_data(cert_pem.encode()))
    if not certs:
        raise SealMisconfigured("CERTIFICATE_SEAL_CERT holds no certificate")
    key = load_private_key_from_pemder_data(
        key_pem.encode(), passphrase=password.encode() if password else None
    )
    return signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(certs),
    )


def seal_enabled() -> bool:
    return configured_pems() is not None


def seal_pdf(pdf: bytes, *, reason: str = "Zaświadczenie wydane", location=""):
    """``pdf`` with a PAdES B-B seal added as an incremental update, or
    unchanged when no seal is configured."""
    pems = configured_pems()
    if pems is None:
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
    )
    out = signers.sign_pdf(writer, meta, signer=_signer(*pems))
    return out.getvalue()
