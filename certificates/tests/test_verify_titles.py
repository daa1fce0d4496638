"""Each verification outcome has its own page title, so a screen reader or a
browser tab says the result before the page is read."""

import re

import pytest
from django.urls import reverse

from certificates.services import certificate_reissue, certificate_revoke

from .factories import certificate_create, coordinator_create

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def _verify(client, code):
    return client.get(reverse("certificates:verify_code", args=[code]))


def test_valid_certificate_title(client):
    certificate = certificate_create()

    assert _title(_verify(client, certificate.code)).startswith("Zaświadczenie ważne")


def test_revoked_certificate_title(client):
    certificate = certificate_create(organiser="18")
    certificate_revoke(
        certificate=certificate, actor=coordinator_create(scope="18"), reason="Błąd"
    )

    title = _title(_verify(client, certificate.code))

    assert title.startswith("Zaświadczenie unieważnione")
    assert "Błąd" not in title


def test_superseded_certificate_title(client):
    old = certificate_create(organiser="18")
    certificate_reissue(certificate=old, actor=coordinator_create(scope="18"))

    assert _title(_verify(client, old.code)).startswith("Zaświadczenie zastąpione")


def test_not_found_title_by_code_and_by_form(client):
    certificate_create()

    by_code = _verify(client, "x" * 32)
    by_form = client.post(
        reverse("certificates:verify"), {"number": "SK/2020/1", "code": "x" * 32}
    )

    assert by_code.status_code == by_form.status_code == 404
    assert _title(by_code).startswith("Nie znaleziono zaświadczenia")
    assert _title(by_form).startswith("Nie znaleziono zaświadczenia")


def test_the_empty_form_keeps_its_plain_title(client):
    title = _title(client.get(reverse("certificates:verify")))

    assert title.startswith("Weryfikacja zaświadczenia")
