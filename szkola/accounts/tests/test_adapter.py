import pytest
from django.urls import reverse

from .factories import PASSWORD, coordinator_create, trainer_create, user_create

pytestmark = pytest.mark.django_db


def _login(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )


@pytest.mark.parametrize("make", [coordinator_create, trainer_create])
def test_staff_land_on_the_admin_dashboard(client, make):
    response = _login(client, make())
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_participants_land_on_their_dashboard(client):
    response = _login(client, user_create())
    assert response.status_code == 302
    assert response.url == "/moje/"


def test_next_is_followed(client):
    response = client.post(
        reverse("account_login") + "?next=/kursy/",
        {"login": coordinator_create().email, "password": PASSWORD},
    )
    assert response.url == "/kursy/"
