"""The credential as a conformant OB 3.0 verifier meets it (1EdTech OB 3.0,
§8.2 "JSON Web Token Proof Format"): only permitted JOSE headers, a ``kid``
that dereferences to a JWK of the published key set, the required claims
matching the credential, RS256 by default; the achievement, issuer, key set
and status list fetchable from other origins; a production start without a
key refused by a system check."""

import base64
import json

import jwt
import pytest
from django.core import checks
from django.urls import reverse

from certificates import openbadges
from certificates.checks import signing_key_is_configured

from .conftest import _TEST_ED25519_KEY
from .factories import certificate_create

pytestmark = pytest.mark.django_db

PUBLIC = "https://szkola.example.org"


def _download(client, certificate) -> str:
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:open_badge", args=[certificate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _segment(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _dereference(client, url: str):
    """GET a URL of the public address through the test client."""
    assert url.startswith(PUBLIC + "/")
    return client.get(url.removeprefix(PUBLIC))


def _verify_as_a_verifier(client, token: str) -> dict:
    """What an independent verifier does: decode the header, dereference
    ``kid`` to a JWK, check it is in the key set, verify with PyJWT, then
    compare the claims with the credential."""
    header = _segment(token, 0)
    assert set(header) <= {"alg", "kid", "jwk", "typ"}
    assert header.get("typ", "JWT") == "JWT"
    key_response = _dereference(client, header["kid"])
    assert key_response.status_code == 200
    jwk = key_response.json()
    assert "d" not in jwk
    key_set = client.get(reverse("certificates:jwks")).json()["keys"]
    assert jwk in key_set
    payload = jwt.decode(
        token,
        jwt.PyJWK(jwk).key,
        algorithms=[header["alg"]],
        options={"require": ["iss", "jti", "nbf", "sub"]},
    )
    return payload


def test_header_holds_only_alg_kid_and_typ_jwt_with_rs256(client):
    token = _download(client, certificate_create())

    header = _segment(token, 0)

    assert header == {"alg": "RS256", "typ": "JWT", "kid": openbadges.key_id()}


def test_kid_dereferences_to_a_jwk_of_the_published_key_set_and_verifies(client):
    certificate = certificate_create()
    token = _download(client, certificate)

    payload = _verify_as_a_verifier(client, token)

    assert payload["credentialSubject"]["achievement"]["name"] == certificate.title


def test_required_claims_match_the_credential(client):
    certificate = certificate_create()
    payload = _segment(_download(client, certificate), 1)

    assert payload["iss"] == payload["issuer"]["id"] == openbadges.issuer_id()
    assert payload["jti"] == payload["id"]
    assert payload["jti"] == (f"{PUBLIC}/certyfikaty/weryfikacja/{certificate.code}/")
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["sub"].startswith("urn:uuid:")
    assert payload["nbf"] == int(certificate.issued_at.timestamp())
    assert "vc" not in payload  # VC 2.0: the credential is the payload
    # And the module's own verifier agrees.
    credential = openbadges.credential_verify(_download(client, certificate))
    assert "iss" not in credential and credential["id"] == payload["jti"]


def test_a_token_whose_claims_do_not_match_the_credential_is_refused():
    credential = openbadges.credential_build(certificate=certificate_create())
    claims = openbadges.jwt_claims(credential)
    forged = jwt.encode(
        {**credential, **claims, "sub": "urn:uuid:someone-else"},
        openbadges.private_key(),
        algorithm="RS256",
        headers={"kid": openbadges.key_id(), "typ": "JWT"},
    )

    with pytest.raises(jwt.InvalidTokenError, match="sub"):
        openbadges.credential_verify(forged)


@pytest.mark.parametrize(
    "headers",
    [{"typ": "vc+jwt"}, {"cty": "vc"}, {"jku": "https://example.org/keys"}],
)
def test_headers_outside_the_specification_are_refused(headers):
    credential = openbadges.credential_build(certificate=certificate_create())
    token = jwt.encode(
        {**credential, **openbadges.jwt_claims(credential)},
        openbadges.private_key(),
        algorithm="RS256",
        headers={"kid": openbadges.key_id(), **headers},
    )

    with pytest.raises(jwt.InvalidTokenError):
        openbadges.credential_verify(token)


def test_an_ed25519_key_signs_with_eddsa(client, settings):
    settings.OB_SIGNING_KEY = _TEST_ED25519_KEY
    token = _download(client, certificate_create())

    assert _segment(token, 0)["alg"] == "EdDSA"
    jwk = _dereference(client, openbadges.key_id()).json()
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "EdDSA")
    _verify_as_a_verifier(client, token)


def test_an_unknown_key_address_is_not_found(client):
    response = client.get(reverse("certificates:jwk", args=["nie-ten-klucz"]))

    assert response.status_code == 404


def test_achievement_id_resolves_to_a_public_page_and_json(client):
    certificate = certificate_create()
    credential = openbadges.credential_build(certificate=certificate)
    achievement_id = credential["credentialSubject"]["achievement"]["id"]

    page = _dereference(client, achievement_id)
    data = client.get(
        achievement_id.removeprefix(PUBLIC), HTTP_ACCEPT="application/json"
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert certificate.title in html
    assert certificate.recipient_name not in html
    assert data.status_code == 200
    assert data["Access-Control-Allow-Origin"] == "*"
    body = data.json()
    assert body["id"] == achievement_id
    assert body["type"] == ["Achievement"]
    assert body["image"]["type"] == "Image"
    assert body["creator"]["id"] == openbadges.issuer_id()


def test_achievement_nobody_earned_is_not_found(client):
    response = client.get(
        reverse(
            "certificates:achievement", kwargs={"kind": "course", "source_id": 999999}
        )
    )

    assert response.status_code == 404


def test_issuer_profile_names_the_legal_issuer_with_contact(client):
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = (
        "Regionalny Ośrodek Polityki Społecznej w Rzeszowie"
    )
    site_settings.organisation_address = "ul. Hetmańska 9\n35-045 Rzeszów"
    site_settings.contact_email = "szkola@rops.rzeszow.pl"
    site_settings.contact_phone = "17 850 79 20"
    site_settings.save()

    profile = client.get(reverse("certificates:issuer")).json()

    assert profile["name"] == "Regionalny Ośrodek Polityki Społecznej w Rzeszowie"
    assert profile["email"] == "szkola@rops.rzeszow.pl"
    assert profile["phone"] == "17 850 79 20"
    assert profile["address"]["streetAddress"] == "ul. Hetmańska 9, 35-045 Rzeszów"
    assert profile["address"]["addressCountryCode"] == "PL"
    assert profile["image"]["id"].startswith(PUBLIC)
    credential = openbadges.credential_build(certificate=certificate_create())
    assert credential["issuer"]["email"] == "szkola@rops.rzeszow.pl"
    openbadges.credential_validate(credential)


@pytest.mark.parametrize("name", ["issuer", "jwks", "status_list"])
def test_published_issuer_data_allows_browser_verifiers(client, name):
    response = client.get(reverse(f"certificates:{name}"))

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_credential_with_the_new_members_fits_the_schema():
    credential = openbadges.credential_build(certificate=certificate_create())

    openbadges.credential_validate(credential)
    assert credential["credentialSubject"]["achievement"]["image"]["type"] == "Image"


def test_production_without_a_signing_key_is_refused_by_a_check(settings):
    settings.DEBUG = False
    settings.OB_SIGNING_KEY = ""

    errors = signing_key_is_configured()

    assert [e.id for e in errors] == ["certificates.E002"]
    assert all(e.level == checks.ERROR for e in errors)


def test_a_key_that_is_not_a_key_is_refused_by_a_check(settings):
    settings.DEBUG = False
    settings.OB_SIGNING_KEY = (
        "-----BEGIN PRIVATE KEY-----\nnie\n-----END PRIVATE KEY-----"
    )

    assert [e.id for e in signing_key_is_configured()] == ["certificates.E003"]


def test_a_configured_key_passes_the_check(settings):
    settings.DEBUG = False

    assert signing_key_is_configured() == []


def test_a_missing_key_at_download_is_a_message_not_a_server_error(client, settings):
    certificate = certificate_create()
    settings.OB_SIGNING_KEY = ""
    settings.DEBUG = False

    client.force_login(certificate.user)
    response = client.get(
        reverse("certificates:open_badge", args=[certificate.pk]), follow=True
    )

    assert response.status_code == 200
    assert "chwilowo niedostępne" in response.content.decode()
