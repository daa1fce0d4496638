"""An issued credential read by a reader that shares no code with the issuer:
the signature checked with ``cryptography`` from the JWK the ``kid`` points
at, the payload validated with ``jsonschema`` against the 1EdTech OB 3.0
AchievementCredential schema exactly as 1EdTech publishes it."""

import base64
import json
from datetime import UTC, datetime

import jsonschema
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.contrib.staticfiles import finders
from django.urls import reverse

from certificates import openbadges

from .factories import certificate_create

pytestmark = pytest.mark.django_db

PUBLIC = "https://szkola.example.org"
SCHEMA = json.loads(openbadges.SCHEMA_PATH.read_text())


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _int(part: str) -> int:
    return int.from_bytes(_b64(part), "big")


def _get(client, url: str, **headers):
    assert url.startswith(PUBLIC + "/"), url
    return client.get(url.removeprefix(PUBLIC), headers=headers)


def _validator(schema: dict) -> jsonschema.Draft201909Validator:
    return jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )


def _read(client, token: str) -> dict:
    """Verify an RS256 Compact JWS as §8.2.4 tells a verifier to, with the
    RSA primitives only, and return the decoded payload."""
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(_b64(header_part))
    assert set(header) <= {"alg", "kid", "jwk", "typ"}
    assert header.get("typ", "JWT") == "JWT"
    assert header["alg"] == "RS256"
    jwk = _get(client, header["kid"]).json()
    assert "d" not in jwk
    assert jwk in client.get(reverse("certificates:jwks")).json()["keys"]
    key = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
    # Raises InvalidSignature when the token was not signed by this key.
    key.verify(
        _b64(signature_part),
        f"{header_part}.{payload_part}".encode(),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    return json.loads(_b64(payload_part))


def _issued_token(client) -> str:
    certificate = certificate_create()
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:open_badge", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def test_vendored_schema_is_the_published_vc2_schema():
    jsonschema.Draft201909Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"].startswith("https://json-schema.org/draft/2019-09/")
    assert "validFrom" in SCHEMA["required"]
    assert "issuanceDate" not in SCHEMA["properties"]
    assert openbadges.credential_schema() == SCHEMA


def test_issued_jwt_payload_fits_the_schema(client):
    payload = _read(client, _issued_token(client))

    errors = sorted(_validator(SCHEMA).iter_errors(payload), key=str)

    assert errors == []
    assert payload["credentialSchema"][0]["id"] == openbadges.OB_SCHEMA_ID
    assert "OpenBadgeCredential" in payload["type"]


def test_the_schema_catches_a_payload_that_breaks_it(client):
    payload = _read(client, _issued_token(client))
    payload["credentialSubject"]["achievement"]["image"]["unknown"] = "x"
    del payload["validFrom"]

    messages = [error.message for error in _validator(SCHEMA).iter_errors(payload)]

    assert any("validFrom" in message for message in messages)
    assert len(messages) >= 2


def test_jwt_claims_mirror_the_credential(client):
    payload = _read(client, _issued_token(client))

    valid_from = datetime.fromisoformat(payload["validFrom"].replace("Z", "+00:00"))
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["jti"] == payload["id"]
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert datetime.fromtimestamp(payload["nbf"], UTC) == valid_from
    assert "exp" not in payload and "validUntil" not in payload


def test_a_token_signed_by_another_key_is_refused_by_the_reader(client):
    from cryptography.exceptions import InvalidSignature

    header_part, payload_part, _ = _issued_token(client).split(".")
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = other.sign(
        f"{header_part}.{payload_part}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    token = f"{header_part}.{payload_part}.{base64.urlsafe_b64encode(forged).decode()}"

    with pytest.raises(InvalidSignature):
        _read(client, token.rstrip("="))


def test_achievement_image_and_issuer_resolve_publicly(client):
    payload = _read(client, _issued_token(client))
    achievement = payload["credentialSubject"]["achievement"]
    client.logout()

    page = _get(client, achievement["id"])
    data = _get(client, achievement["id"], Accept="application/json")
    issuer = _get(client, payload["iss"])

    assert page.status_code == 200
    assert achievement["name"] in page.content.decode()
    assert data.status_code == 200
    assert data["Access-Control-Allow-Origin"] == "*"
    achievement_schema = {**SCHEMA, "$ref": "#/$defs/Achievement"}
    del achievement_schema["required"], achievement_schema["properties"]
    assert list(_validator(achievement_schema).iter_errors(data.json())) == []
    assert issuer.status_code == 200
    assert issuer["Access-Control-Allow-Origin"] == "*"
    profile_schema = {**SCHEMA, "$ref": "#/$defs/Profile"}
    del profile_schema["required"], profile_schema["properties"]
    assert list(_validator(profile_schema).iter_errors(issuer.json())) == []
    image = achievement["image"]["id"]
    assert image == payload["issuer"]["image"]["id"]
    static_path = image.removeprefix(PUBLIC).removeprefix("/static/")
    assert finders.find(static_path), f"{image} is not a served static file"
