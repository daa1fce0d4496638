import pytest
from django.urls import reverse

from certificates.services import certificate_reissue, certificate_revoke

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


def test_revoked_certificate_verifies_as_revoked_with_date(client):
    coordinator = coordinator_create(scope="18")
    certificate = certificate_create(organiser="18")
    certificate_revoke(certificate=certificate, actor=coordinator, reason="Błąd")
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    assert "Zaświadczenie unieważnione" in response.content.decode()


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
    for _ in range(5):
        certificate_create(user=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
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
    client.force_login(coordinator_create(scope="06"))
    assert (
        client.get(reverse("certificates:download", args=[certificate.pk])).status_code
        == 404
    )
    client.force_login(coordinator_create(scope="18"))
    assert (
        client.get(reverse("certificates:download", args=[certificate.pk])).status_code
        == 200
    )


def test_pdf_is_not_under_media_url():
    from django.conf import settings

    from certificates.storage import private_root

    certificate = certificate_create()
    assert not str(private_root()).startswith(str(settings.MEDIA_ROOT))
    assert not certificate.pdf.startswith("/")


def test_dashboard_shows_the_certificates_panel(client):
    user = user_create()
    client.force_login(user)
    response = client.get("/moje/")
    assert 'id="dash-certificates"' in response.content.decode()
