from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certificates.services import certificate_reissue, certificate_revoke
from szkola.accounts.tests.factories import mark_session_mfa

from .factories import certificate_create, coordinator_create, user_create

pytestmark = pytest.mark.django_db


def test_qr_target_shows_a_valid_certificate_with_minimal_data(client):
    certificate = certificate_create()
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Zaświadczenie ważne" in text
    assert certificate.recipient_name in text
    assert certificate.number in text
    assert certificate.user.email not in text


def test_revoked_certificate_verifies_as_revoked_with_date(client, awkward_clock):
    coordinator = coordinator_create(scope="18")
    certificate = certificate_create(organiser="18")
    certificate_revoke(certificate=certificate, actor=coordinator, reason="Błąd")
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    text = response.content.decode()
    certificate.refresh_from_db()
    assert "Zaświadczenie unieważnione" in text
    assert date_format(timezone.localtime(certificate.revoked_at), "j E Y") in text
    assert "Błąd" not in text  # the reason stays in the register


def test_superseded_certificate_verifies_as_superseded(client):
    coordinator = coordinator_create(scope="18")
    old = certificate_create(organiser="18")
    new = certificate_reissue(certificate=old, actor=coordinator)
    response = client.get(reverse("certificates:verify_code", args=[old.code]))
    text = response.content.decode()
    assert "zastąpione" in text
    assert new.number in text


def test_unknown_code_is_a_plain_not_found(client):
    certificate_create()
    response = client.get(reverse("certificates:verify_code", args=["x" * 32]))
    assert response.status_code == 404
    assert "Nie znaleziono zaświadczenia." in response.content.decode()


def test_form_finds_by_number_and_code(client):
    certificate = certificate_create()
    response = client.post(
        reverse("certificates:verify"),
        {"number": certificate.number.lower(), "code": certificate.code},
    )
    assert response.status_code == 200
    assert "Zaświadczenie ważne" in response.content.decode()


def test_form_with_a_right_code_and_wrong_number_says_not_found(client):
    certificate = certificate_create()
    other = certificate_create()
    response = client.post(
        reverse("certificates:verify"),
        {"number": other.number, "code": certificate.code},
    )
    assert response.status_code == 404
    assert certificate.recipient_name not in response.content.decode()


def test_form_is_rate_limited(client, settings):
    settings.CERTIFICATES_VERIFY_LIMIT = 3
    certificate = certificate_create()
    for _ in range(3):
        client.post(reverse("certificates:verify"), {"number": "SK/1", "code": "nope"})
    response = client.post(
        reverse("certificates:verify"),
        {"number": certificate.number, "code": certificate.code},
    )
    assert response.status_code == 429


def test_guessing_codes_is_rate_limited(client, settings):
    settings.CERTIFICATES_VERIFY_LIMIT = 3
    certificate = certificate_create()
    for n in range(3):
        client.get(reverse("certificates:verify_code", args=[f"guess{n}"]))
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    assert response.status_code == 429


def test_participant_page_lists_own_certificates_with_links(client):
    certificate = certificate_create()
    certificate_create()  # someone else's
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:mine"))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("certificate-card__title") == 1
    assert reverse("certificates:download", args=[certificate.pk]) in text
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in text
    assert (
        f"https://szkola.example.org/certyfikaty/weryfikacja/{certificate.code}/"
        in text
    )


def test_linkedin_link_fills_the_add_certification_fields(client):
    from certificates.views import linkedin_url

    certificate = certificate_create()
    url = urlsplit(linkedin_url(certificate))
    fields = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert (url.netloc, url.path) == ("www.linkedin.com", "/profile/add")
    assert fields == {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.title,
        "organizationName": "Szkoła Kooperacji",
        "issueYear": str(certificate.issued_at.year),
        "issueMonth": str(certificate.issued_at.month),
        "certUrl": (
            f"https://szkola.example.org/certyfikaty/weryfikacja/{certificate.code}/"
        ),
        "certId": certificate.number,
    }


def test_participant_page_needs_login(client):
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 302


def test_participant_page_query_count_is_constant(
    client, django_assert_max_num_queries
):
    user = user_create()
    certificate_create(user=user)
    client.force_login(user)
    client.get(reverse("certificates:mine"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("certificates:mine"))
    # Counted now: the next request outside a capture empties the query log.
    few_count = len(few.captured_queries)
    for _ in range(5):
        certificate_create(user=user)
    # The unread count, renewed by the new notifications, cached again.
    client.get(reverse("certificates:mine"))
    with django_assert_max_num_queries(few_count):
        client.get(reverse("certificates:mine"))


def test_owner_downloads_the_pdf(client):
    certificate = certificate_create()
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_participant_cannot_download(client):
    certificate = certificate_create()
    client.force_login(user_create())
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 404


def test_coordinator_in_scope_downloads_and_outside_scope_cannot(client):
    certificate = certificate_create(organiser="18")
    url = reverse("certificates:download", args=[certificate.pk])
    outsider = coordinator_create(scope="06")
    client.force_login(outsider)
    mark_session_mfa(client, outsider)
    assert client.get(url).status_code == 404
    insider = coordinator_create(scope="18")
    client.force_login(insider)
    mark_session_mfa(client, insider)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["download", "open_badge"])
def test_staff_open_someone_elses_certificate_only_after_the_second_factor(
    client, name
):
    certificate = certificate_create(organiser="18")
    coordinator = coordinator_create(scope="18")
    client.force_login(coordinator)
    url = reverse(f"certificates:{name}", args=[certificate.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    mark_session_mfa(client, coordinator)
    assert client.get(url).status_code == 200


def test_staff_member_opens_their_own_certificate_without_the_second_factor(client):
    coordinator = coordinator_create(scope="18")
    certificate = certificate_create(user=coordinator, organiser="06")
    client.force_login(coordinator)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200


def test_rate_limit_counts_each_client_behind_the_proxy(client, settings):
    # Behind nginx every request comes from 127.0.0.1; the client is the
    # address the proxy appends to X-Forwarded-For.
    settings.CERTIFICATES_VERIFY_LIMIT = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    certificate = certificate_create()
    url = reverse("certificates:verify")
    guess = {"number": "SK/1", "code": "nope"}
    for _ in range(2):
        client.post(url, guess, HTTP_X_FORWARDED_FOR="203.0.113.7")
    blocked = client.post(url, guess, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert blocked.status_code == 429
    other = client.post(
        url,
        {"number": certificate.number, "code": certificate.code},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 200


def test_pdf_is_not_under_media_url(settings):
    from pathlib import Path

    from certificates.checks import private_root_is_not_public
    from certificates.storage import private_root, private_storage

    certificate = certificate_create()
    assert not certificate.pdf.startswith("/")
    with pytest.raises(ValueError):
        private_storage().url(certificate.pdf)  # no public URL exists at all
    # The default location lies outside MEDIA_ROOT and STATIC_ROOT.
    settings.CERTIFICATES_PRIVATE_ROOT = None
    assert private_root_is_not_public() == []
    root = private_root().resolve()
    assert not root.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_system_check_refuses_a_private_root_inside_media_root(settings, tmp_path):
    from certificates.checks import private_root_is_not_public

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "media" / "certificates")
    assert [error.id for error in private_root_is_not_public()] == ["certificates.E001"]


def test_dashboard_shows_the_certificates_panel(client):
    user = user_create()
    client.force_login(user)
    response = client.get("/moje/")
    assert 'id="dash-certificates"' in response.content.decode()
