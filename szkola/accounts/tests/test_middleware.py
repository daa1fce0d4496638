"""Staff reach /admin/ only in a session that used a second factor."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from .factories import (
    PASSWORD,
    coordinator_create,
    mark_session_mfa,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _code(secret: str, shift: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + shift))


@pytest.fixture(params=["trainer", "coordinator", "superuser"])
def staff(request):
    if request.param == "trainer":
        return trainer_create()
    if request.param == "coordinator":
        return coordinator_create(scope="26")
    return user_create(is_staff=True, is_superuser=True)


def test_staff_without_mfa_is_sent_to_enrol_totp(client, staff):
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_totp_but_no_second_factor_in_session_must_confirm(client, staff):
    TOTP.activate(staff, SECRET)
    client.force_login(staff)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_staff_whose_session_used_mfa_reaches_the_admin(client, staff):
    TOTP.activate(staff, SECRET)
    client.force_login(staff)
    mark_session_mfa(client, staff)

    response = client.get("/admin/")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/"])
def test_participant_is_refused_the_admin_without_a_redirect_loop(client, path):
    client.force_login(user_create())

    response = client.get(path, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert len(response.redirect_chain) == 1
    assert "Panel administracyjny jest dostępny tylko dla" in (
        response.content.decode()
    )


def test_staff_flag_without_admin_permission_is_refused_after_mfa(client):
    user = user_create(is_staff=True)
    TOTP.activate(user, SECRET)
    client.force_login(user)
    mark_session_mfa(client, user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


def test_wagtail_login_form_is_replaced_by_the_allauth_one(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_full_flow_enrol_totp_then_confirm_and_enter(client, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    coordinator = coordinator_create(scope="18", email="koord@rops.example.pl")
    client.post(
        reverse("account_login"),
        {"login": "koord@rops.example.pl", "password": PASSWORD},
    )
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_activate_totp"))

    # Enrolling a factor asks for the password once more first.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302
    assert coordinator.authenticator_set.filter(type="totp").exists()

    # Enrolling is not yet using the factor in this session.
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(reverse("mfa_reauthenticate"), {"code": _code(secret, shift=1)})

    assert client.get("/admin/").status_code == 200


def test_wrong_code_does_not_open_the_admin(client):
    coordinator = coordinator_create(scope="18")
    TOTP.activate(coordinator, SECRET)
    client.force_login(coordinator)

    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
