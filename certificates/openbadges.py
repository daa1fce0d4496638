"""Open Badges 3.0: every certificate as an ``OpenBadgeCredential`` (W3C
Verifiable Credentials 2.0 data model) secured as a VC-JWT signed with the
issuer's Ed25519 key (JOSE algorithm ``EdDSA``).

The key comes from ``OB_SIGNING_KEY`` (a PEM, or the PEM in base64) in the
settings or the environment; in development without it, one is generated
into ``var/ob_signing_key.pem`` (like the secret key). ``manage.py
ob_signing_key_create`` prints a new one for production.

Anyone can verify without us: the public key is published as a JWK set and in
the issuer profile, the revocation state as a Bitstring Status List.
"""

import base64
import gzip
import hashlib
import json
import os
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from .models import STATUS_LIST_SIZE, Certificate
from .services import site_url, verification_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)
# The Bitstring Status List minimum (16 KiB, i.e. 131,072 entries), kept fixed
# whatever the number of certificates: a list that grew with them would tell
# how many exist. Indexes are random (Certificate.status_index).
STATUS_LIST_BITS = STATUS_LIST_SIZE
KEY_ID = "key-1"
SCHEMA_PATH = (
    Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)


class SigningKeyMissing(RuntimeError):
    pass


def signing_key_pem_new() -> str:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _configured_pem() -> str:
    value = getattr(settings, "OB_SIGNING_KEY", "") or os.environ.get(
        "OB_SIGNING_KEY", ""
    )
    value = value.strip()
    if value and "BEGIN" not in value:
        value = base64.b64decode(value).decode()
    if value:
        return value
    if settings.DEBUG or getattr(settings, "OB_SIGNING_KEY_DEV_FILE", False):
        path = Path(settings.BASE_DIR) / "var" / "ob_signing_key.pem"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(signing_key_pem_new())
            path.chmod(0o600)
        return path.read_text()
    raise SigningKeyMissing(
        "OB_SIGNING_KEY is not set: create one with manage.py ob_signing_key_create"
    )


@lru_cache(maxsize=4)
def _load_private(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing("OB_SIGNING_KEY must be an Ed25519 private key")
    return key


def private_key() -> Ed25519PrivateKey:
    return _load_private(_configured_pem())


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk() -> dict:
    raw = public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": _b64url(raw),
        "kid": key_id(),
        "alg": "EdDSA",
        "use": "sig",
    }


def issuer_id() -> str:
    return site_url(reverse("certificates:issuer"))


def key_id() -> str:
    return f"{issuer_id()}#{KEY_ID}"


def jwks_url() -> str:
    return site_url(reverse("certificates:jwks"))


def status_list_url() -> str:
    return site_url(reverse("certificates:status_list"))


def issuer_profile() -> dict:
    name = getattr(settings, "WAGTAIL_SITE_NAME", "Szkoła Kooperacji")
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": name,
        "url": site_url("/"),
        "publicKey": [public_jwk()],
        "jwks_uri": jwks_url(),
    }


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value) -> str | None:
    if value is None:
        return None
    return _iso(datetime.combine(value, time.min, tzinfo=UTC))


def identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def credential_build(*, certificate: Certificate) -> dict:
    """The unsigned OpenBadgeCredential of a certificate."""
    url = verification_url(certificate.code)
    hours = float(certificate.hours)
    salt = hashlib.sha256(f"salt:{certificate.code}".encode()).hexdigest()[:16]
    kind = "kurs e-learningowy" if certificate.source_kind == "course" else "szkolenie"
    narrative = (
        f"Ukończenie: {certificate.title} ({kind}), {hours:g} godz."
        if certificate.language == "pl"
        else f"Completed: {certificate.title}, {hours:g} hours."
    )
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(certificate.user.email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ],
        "achievement": {
            "id": site_url(
                f"/certyfikaty/osiagniecia/{certificate.source_kind}-{certificate.source_id}/"
            ),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": certificate.title,
            "description": narrative,
            "criteria": {"narrative": narrative},
            "creditsAvailable": hours,
            "inLanguage": certificate.language,
        },
        "creditsEarned": hours,
        "licenseNumber": certificate.number,
    }
    start, end = _day(certificate.date_from), _day(certificate.date_to)
    if start:
        subject["activityStartDate"] = start
    if end:
        subject["activityEndDate"] = end
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.title} — {certificate.number}",
        "issuer": {
            "id": issuer_id(),
            "type": ["Profile"],
            "name": getattr(settings, "WAGTAIL_SITE_NAME", "Szkoła Kooperacji"),
            "url": site_url("/"),
        },
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_list_url()}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": status_list_url(),
        },
        "credentialSchema": [
            {"id": OB_SCHEMA_ID, "type": "1EdTechJsonSchemaValidator2019"}
        ],
    }


def sign(payload: dict, *, typ: str = "vc+jwt") -> str:
    """A compact JWS (VC-JWT, VC-JOSE-COSE) over the credential itself."""
    return jwt.encode(
        payload,
        private_key(),
        algorithm="EdDSA",
        headers={"kid": key_id(), "typ": typ, "cty": "vc"},
    )


def credential_jwt(*, certificate: Certificate) -> str:
    return sign(credential_build(certificate=certificate))


def credential_verify(token: str, *, key: Ed25519PublicKey | None = None) -> dict:
    """Verify a VC-JWT with the issuer's public key and return the credential.
    Raises jwt.InvalidTokenError when the signature does not match."""
    return jwt.decode(
        token,
        key or public_key(),
        algorithms=["EdDSA"],
        options={"verify_aud": False, "require": []},
    )


def status_bits(*, revoked_indexes: list[int]) -> str:
    """The GZIP-compressed, base64url-encoded bitstring (W3C Bitstring Status
    List) of STATUS_LIST_BITS entries: bit i (most significant bit first)
    set when entry i is revoked. Raises ValueError for an index outside it."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for index in revoked_indexes:
        if not 0 <= index < STATUS_LIST_BITS:
            raise ValueError(f"status index {index} is outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + _b64url(gzip.compress(bytes(bits), mtime=0))


def status_bit_is_set(encoded: str, index: int) -> bool:
    data = encoded[1:] if encoded.startswith("u") else encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def status_list_credential() -> dict:
    """The published revocation list. A superseded certificate counts as
    revoked here: its replacement is the one to rely on, so its credential
    must stop verifying (its verification page still says "superseded")."""
    revoked = list(
        Certificate.objects.filter(
            Q(revoked_at__isnull=False) | Q(superseded_at__isnull=False)
        ).values_list("status_index", flat=True)
    )
    return {
        "@context": [VC_CONTEXT],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _iso(datetime.now(UTC)),
        "credentialSubject": {
            "id": f"{status_list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_bits(revoked_indexes=revoked),
        },
    }


@lru_cache(maxsize=1)
def credential_schema() -> dict:
    """The OB 3.0 AchievementCredential JSON schema (vendored). The published
    file predates OB 3.0.3's move to VC 2.0, which renamed ``issuanceDate``
    to ``validFrom``; the required list is read accordingly."""
    schema = json.loads(SCHEMA_PATH.read_text())
    schema["required"] = [
        "validFrom" if name == "issuanceDate" else name for name in schema["required"]
    ]
    schema["properties"].setdefault(
        "validFrom", {"type": "string", "format": "date-time"}
    )
    return schema


def credential_validate(credential: dict) -> None:
    """Raise jsonschema.ValidationError when the credential does not fit."""
    import jsonschema

    validator_class = jsonschema.validators.validator_for(credential_schema())
    validator_class(
        credential_schema(), format_checker=validator_class.FORMAT_CHECKER
    ).validate(credential)
