import base64
import gzip
import json

import jwt
import pytest
from django.urls import reverse

from certificates import openbadges
from certificates.services import certificate_reissue, certificate_revoke

from .factories import certificate_create, coordinator_create

pytestmark = pytest.mark.django_db


def _published_key(client):
    """The key a verifier gets from the published key set (RSA, RS256)."""
    jwks = client.get(reverse("certificates:jwks")).json()
    (jwk,) = jwks["keys"]
    assert (jwk["kty"], jwk["alg"]) == ("RSA", "RS256")
    assert "d" not in jwk
    return jwt.PyJWK(jwk).key


def _download(client, certificate) -> str:
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:open_badge", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def test_credential_signature_verifies_with_the_published_key(client):
    certificate = certificate_create()
    token = _download(client, certificate)
    credential = openbadges.credential_verify(token, key=_published_key(client))
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["name"] == certificate.title


def test_credential_header_names_the_published_key(client):
    token = _download(client, certificate_create())
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "RS256", "kid": openbadges.key_id(), "typ": "JWT"}


@pytest.mark.parametrize("part", [0, 1, 2])
def test_changing_one_byte_breaks_the_signature(client, part):
    token = _download(client, certificate_create())
    pieces = token.split(".")
    target = pieces[part]
    # Flip one base64url character in the middle of the chosen part.
    middle = len(target) // 2
    replacement = "A" if target[middle] != "A" else "B"
    pieces[part] = target[:middle] + replacement + target[middle + 1 :]
    with pytest.raises(jwt.InvalidTokenError):
        openbadges.credential_verify(".".join(pieces), key=_published_key(client))


def test_credential_fits_the_open_badges_schema():
    certificate = certificate_create()
    openbadges.credential_validate(openbadges.credential_build(certificate=certificate))


def test_schema_check_rejects_a_credential_without_subject():
    import jsonschema

    credential = openbadges.credential_build(certificate=certificate_create())
    del credential["credentialSubject"]
    with pytest.raises(jsonschema.ValidationError):
        openbadges.credential_validate(credential)


def test_credential_identifies_the_earner_by_salted_email_hash_only():
    certificate = certificate_create()
    credential = openbadges.credential_build(certificate=certificate)
    text = json.dumps(credential, ensure_ascii=False)
    assert certificate.user.email not in text
    (identity,) = credential["credentialSubject"]["identifier"]
    assert identity["identityHash"] == openbadges.identity_hash(
        certificate.user.email, identity["salt"]
    )


def test_credential_carries_hours_dates_and_status():
    certificate = certificate_create()
    credential = openbadges.credential_build(certificate=certificate)
    subject = credential["credentialSubject"]
    assert subject["creditsEarned"] == 14.0
    assert subject["activityStartDate"] == "2021-02-15T00:00:00Z"
    assert credential["validFrom"].endswith("Z")
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListIndex"] == str(certificate.status_index)


def _published_list(client) -> str:
    token = client.get(reverse("certificates:status_list")).content.decode()
    status = openbadges.credential_verify(token, key=_published_key(client))
    return status["credentialSubject"]["encodedList"]


def _credential_index(client, certificate) -> int:
    credential = openbadges.credential_verify(
        _download(client, certificate), key=_published_key(client)
    )
    status = credential["credentialStatus"]
    assert status["statusListCredential"] == openbadges.status_list_url()
    return int(status["statusListIndex"])


def test_revocation_sets_the_bit_the_credential_points_at(client):
    coordinator = coordinator_create(scope="18")
    kept = certificate_create(organiser="18")
    revoked = certificate_create(organiser="18")
    revoked_index = _credential_index(client, revoked)
    kept_index = _credential_index(client, kept)
    assert not openbadges.status_bit_is_set(_published_list(client), revoked_index)
    certificate_revoke(certificate=revoked, actor=coordinator, reason="Błąd")
    encoded = _published_list(client)
    assert openbadges.status_bit_is_set(encoded, revoked_index)
    assert not openbadges.status_bit_is_set(encoded, kept_index)


def test_superseded_certificate_is_marked_in_the_status_list(client):
    coordinator = coordinator_create(scope="18")
    old = certificate_create(organiser="18")
    old_index = _credential_index(client, old)
    new = certificate_reissue(
        certificate=old, actor=coordinator, recipient_name="Anna Nowak-Kowalska"
    )
    encoded = _published_list(client)
    assert openbadges.status_bit_is_set(encoded, old_index)
    assert not openbadges.status_bit_is_set(encoded, _credential_index(client, new))
    # The person-facing page still tells it apart from a revocation.
    page = client.get(reverse("certificates:verify_code", args=[old.code]))
    assert page.context["status"] == "superseded"


def test_published_list_has_the_fixed_minimum_size(client):
    raw = gzip.decompress(
        base64.urlsafe_b64decode(_padded(_published_list(client)[1:]))
    )
    assert len(raw) * 8 == openbadges.STATUS_LIST_BITS == 131_072


def test_status_list_refuses_an_index_outside_it():
    with pytest.raises(ValueError):
        openbadges.status_bits(revoked_indexes=[openbadges.STATUS_LIST_BITS])


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)


def test_issuer_profile_publishes_the_key(client):
    profile = client.get(reverse("certificates:issuer")).json()
    assert profile["type"] == ["Profile"]
    assert profile["publicKey"][0]["kid"] == openbadges.key_id()


def test_someone_else_cannot_download_my_credential(client):
    from .factories import user_create

    certificate = certificate_create()
    client.force_login(user_create())
    response = client.get(reverse("certificates:open_badge", args=[certificate.pk]))
    assert response.status_code == 404


def test_signing_key_command_prints_a_usable_key(capsys):
    from django.core.management import call_command

    call_command("ob_signing_key_create")
    pem = capsys.readouterr().out
    assert "BEGIN PRIVATE KEY" in pem
    assert openbadges._load_private(pem.strip() + "\n")
