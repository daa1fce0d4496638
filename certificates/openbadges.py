"""Open Badges 3.0: every certificate as an ``OpenBadgeCredential`` (W3C
Verifiable Credentials 2.0 data model) secured with the JSON Web Token proof
format of the 1EdTech OB 3.0 specification (§8.2 "JSON Web Token Proof
Format"):

- the JOSE header carries only ``alg``, ``kid`` and ``typ`` (``"JWT"``);
  ``kid`` is a URL that returns the public key as a JWK, the same key the
  published key set lists;
- the payload is the credential itself plus the claims ``iss``
  (``issuer.id``), ``jti`` (``id``), ``nbf`` (``validFrom``) and ``sub``
  (``credentialSubject.id``);
- ``RS256`` (the algorithm every verifier must support) with an RSA key by
  default; an Ed25519 key signs with ``EdDSA`` instead.

The key comes from ``OB_SIGNING_KEY`` (a PEM, or the PEM in base64) in the
settings or the environment; the algorithm follows the key's type. In
development without it, an RSA key is generated into
``var/ob_signing_key_rs256.pem`` (like the secret key). ``manage.py
ob_signing_key_create`` prints a new one for production; ``manage.py check``
refuses a production start without one (``certificates.E002``).

Anyone can verify without us: the public key is published as a JWK set and in
the issuer profile, the revocation state as a Bitstring Status List, all with
``Access-Control-Allow-Origin: *`` so browser-based verifiers can fetch them.
"""

import base64
import gzip
import hashlib
import json
import os
import uuid
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.db.models import Q
from django.templatetags.static import static
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
SCHEMA_PATH = (
    Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)
RS256 = "RS256"
EDDSA = "EdDSA"
# The JOSE headers the OB 3.0 JWT proof format permits; no others.
PERMITTED_HEADERS = {"alg", "kid", "jwk", "typ"}
# The JWT claims it requires, each mirroring a member of the credential.
REQUIRED_CLAIMS = ("iss", "jti", "nbf", "sub")


class SigningKeyMissing(RuntimeError):
    pass


def signing_key_pem_new(algorithm: str = RS256) -> str:
    """A new private key in PEM: RSA 3072 bits for RS256, Ed25519 for EdDSA."""
    if algorithm == EDDSA:
        key = Ed25519PrivateKey.generate()
    elif algorithm == RS256:
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    else:
        raise ValueError(f"unsupported algorithm {algorithm}")
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def signing_key_configured() -> bool:
    """Whether a key is set (development may generate one on first use)."""
    return bool(
        (
            getattr(settings, "OB_SIGNING_KEY", "")
            or os.environ.get("OB_SIGNING_KEY", "")
        ).strip()
    )


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
        path = Path(settings.BASE_DIR) / "var" / "ob_signing_key_rs256.pem"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(signing_key_pem_new(RS256))
            path.chmod(0o600)
        return path.read_text()
    raise SigningKeyMissing(
        "OB_SIGNING_KEY is not set: create one with manage.py ob_signing_key_create"
    )


@lru_cache(maxsize=4)
def _load_private(pem: str):
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            raise SigningKeyMissing(
                "OB_SIGNING_KEY: an RSA key needs 2048 bits or more"
            )
        return key
    if isinstance(key, Ed25519PrivateKey):
        return key
    raise SigningKeyMissing("OB_SIGNING_KEY must be an RSA or Ed25519 private key")


def private_key():
    return _load_private(_configured_pem())


def public_key():
    return private_key().public_key()


def signing_algorithm() -> str:
    """``RS256`` for an RSA key, ``EdDSA`` for an Ed25519 key."""
    return EDDSA if isinstance(private_key(), Ed25519PrivateKey) else RS256


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _public_members() -> dict:
    """The JWK members that define the public key (RFC 7638 §3.2)."""
    key = public_key()
    if isinstance(key, Ed25519PublicKey):
        raw = key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    numbers = key.public_numbers()

    def _int(value: int) -> str:
        return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))

    return {"e": _int(numbers.e), "kty": "RSA", "n": _int(numbers.n)}


def key_thumbprint() -> str:
    """The key's RFC 7638 thumbprint: names the key, changes with it."""
    members = json.dumps(_public_members(), separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(members.encode()).digest())


def public_jwk() -> dict:
    """The public key as a JWK (never with ``d``)."""
    return {
        **_public_members(),
        "kid": key_id(),
        "alg": signing_algorithm(),
        "use": "sig",
    }


def issuer_id() -> str:
    return site_url(reverse("certificates:issuer"))


def key_id() -> str:
    """The ``kid``: a URL that returns this key as a JWK."""
    return site_url(reverse("certificates:jwk", args=[key_thumbprint()]))


def jwks_url() -> str:
    return site_url(reverse("certificates:jwks"))


def status_list_url() -> str:
    return site_url(reverse("certificates:status_list"))


def _site_settings():
    from szkola.home.emails import email_context

    return email_context()["site_settings"]


def badge_image() -> dict:
    """The badge image (the school's mark), as an OB ``Image``."""
    return {
        "id": site_url(static("img/logo.svg")),
        "type": "Image",
        "caption": getattr(settings, "WAGTAIL_SITE_NAME", "Szkoła Kooperacji"),
    }


def issuer_summary() -> dict:
    """The legal issuer as an OB ``Profile``: name, address, contact."""
    site_settings = _site_settings()
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": site_settings.organisation_name,
        "url": site_url("/"),
        "image": badge_image(),
    }
    if site_settings.contact_email:
        profile["email"] = site_settings.contact_email
    if site_settings.contact_phone:
        profile["phone"] = site_settings.contact_phone
    lines = [
        line.strip()
        for line in (site_settings.organisation_address or "").splitlines()
        if line.strip()
    ]
    if lines:
        profile["address"] = {
            "type": ["Address"],
            "addressCountry": "Polska",
            "addressCountryCode": "PL",
            "streetAddress": ", ".join(lines),
        }
    return profile


def issuer_profile() -> dict:
    """The published issuer profile, with the public key."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        **issuer_summary(),
        "description": (
            "Szkoła Kooperacji projektu „Liderzy kooperacji” (PO WER 2014–2020, "
            "Działanie 2.5) wydaje zaświadczenia ukończenia szkoleń i kursów."
        ),
        "publicKey": [public_jwk()],
        "jwks_uri": jwks_url(),
    }


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value) -> str | None:
    if value is None:
        return None
    return _iso(datetime.combine(value, time.min, tzinfo=UTC))


def subject_id(certificate: Certificate) -> str:
    """An opaque, stable URI for the earner of this certificate (``sub``):
    the person is named only by the salted email hash, never in the id."""
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, verification_url(certificate.code))}"
    )


def achievement_url(*, kind: str, source_id: int) -> str:
    """The achievement's id: its public page."""
    return site_url(
        reverse(
            "certificates:achievement", kwargs={"kind": kind, "source_id": source_id}
        )
    )


def identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def achievement_description(*, title: str, kind: str, hours, language: str) -> str:
    hours = float(hours)
    if language == "pl":
        form = "kurs e-learningowy" if kind == "course" else "szkolenie"
        return f"Ukończenie: {title} ({form}), {hours:g} godz."
    return f"Completed: {title}, {hours:g} hours."


def achievement_build(
    *, kind: str, source_id: int, title: str, hours, language: str
) -> dict:
    """The OB ``Achievement`` of a course or event."""
    narrative = achievement_description(
        title=title, kind=kind, hours=hours, language=language
    )
    return {
        "id": achievement_url(kind=kind, source_id=source_id),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": title,
        "description": narrative,
        "criteria": {"narrative": narrative},
        "image": badge_image(),
        "creditsAvailable": float(hours),
        "inLanguage": language,
    }


def credential_build(*, certificate: Certificate) -> dict:
    """The unsigned OpenBadgeCredential of a certificate."""
    url = verification_url(certificate.code)
    hours = float(certificate.hours)
    salt = hashlib.sha256(f"salt:{certificate.code}".encode()).hexdigest()[:16]
    subject = {
        "id": subject_id(certificate),
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
        "achievement": achievement_build(
            kind=certificate.source_kind,
            source_id=certificate.source_id,
            title=certificate.title,
            hours=certificate.hours,
            language=certificate.language,
        ),
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
        "issuer": issuer_summary(),
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


def jwt_claims(credential: dict) -> dict:
    """The registered claims the OB 3.0 JWT proof format requires, each
    equal to the credential member it mirrors."""
    issuer = credential["issuer"]
    valid_from = datetime.strptime(credential["validFrom"], "%Y-%m-%dT%H:%M:%SZ")
    claims = {
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": int(valid_from.replace(tzinfo=UTC).timestamp()),
        "sub": credential["credentialSubject"]["id"],
    }
    if "validUntil" in credential:
        valid_until = datetime.strptime(credential["validUntil"], "%Y-%m-%dT%H:%M:%SZ")
        claims["exp"] = int(valid_until.replace(tzinfo=UTC).timestamp())
    return claims


def sign(credential: dict) -> str:
    """A Compact JWS whose payload is the credential with its JWT claims;
    the header holds only ``alg``, ``kid`` and ``typ: JWT``."""
    return jwt.encode(
        {**credential, **jwt_claims(credential)},
        private_key(),
        algorithm=signing_algorithm(),
        headers={"kid": key_id(), "typ": "JWT"},
    )


def credential_jwt(*, certificate: Certificate) -> str:
    return sign(credential_build(certificate=certificate))


def credential_verify(token: str, *, key=None) -> dict:
    """Verify a credential as the OB 3.0 specification tells verifiers to
    (§8.2.4): the header holds only permitted members, the signature
    matches, and ``iss``, ``jti``, ``nbf`` and ``sub`` are present and equal
    to the credential's ``issuer.id``, ``id``, ``validFrom`` and
    ``credentialSubject.id``. Returns the credential (the payload without
    the claims). Raises jwt.InvalidTokenError otherwise."""
    header = jwt.get_unverified_header(token)
    extra = set(header) - PERMITTED_HEADERS
    if extra:
        raise jwt.InvalidTokenError(f"JOSE header not permitted: {sorted(extra)}")
    if "typ" in header and header["typ"] != "JWT":
        raise jwt.InvalidTokenError("typ must be JWT")
    payload = jwt.decode(
        token,
        key or public_key(),
        algorithms=[RS256, EDDSA],
        options={"verify_aud": False, "require": list(REQUIRED_CLAIMS)},
    )
    credential = {
        k: v for k, v in payload.items() if k not in (*REQUIRED_CLAIMS, "exp")
    }
    expected = jwt_claims(credential)
    for claim in REQUIRED_CLAIMS:
        if payload[claim] != expected[claim]:
            raise jwt.InvalidTokenError(f"{claim} does not match the credential")
    return credential


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
    """The OB 3.0 AchievementCredential JSON schema, vendored unchanged from
    1EdTech (see ``schemas/README.md``)."""
    return json.loads(SCHEMA_PATH.read_text())


def credential_validate(credential: dict) -> None:
    """Raise jsonschema.ValidationError when the credential does not fit."""
    import jsonschema

    validator_class = jsonschema.validators.validator_for(credential_schema())
    validator_class(
        credential_schema(), format_checker=validator_class.FORMAT_CHECKER
    ).validate(credential)
