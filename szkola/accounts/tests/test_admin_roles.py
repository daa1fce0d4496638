"""Roles are edited in the Wagtail user admin and saved through role_set."""

import pytest
from django.urls import reverse

from szkola.accounts.models import AuditEntry
from szkola.accounts.services import COORDINATORS_GROUP

from .factories import mark_session_mfa, user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = user_create(is_staff=True, is_superuser=True, email="admin@rops.example.pl")
    client.force_login(admin)
    mark_session_mfa(client, admin)
    client.admin = admin
    return client


def test_edit_form_shows_role_fields(admin_client):
    user = user_create()
    response = admin_client.get(reverse("wagtailusers_users:edit", args=[user.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="is_trainer"' in html
    assert 'name="coordinator_scope"' in html


def test_admin_makes_someone_a_coordinator(admin_client):
    user = user_create(email="nowy.koordynator@rops.example.pl")
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "email": user.email,
            "first_name": "Ewa",
            "last_name": "Lis",
            "is_active": "on",
            "is_trainer": "",
            "coordinator_scope": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.profile.coordinator_scope == "20"
    assert user.groups.filter(name=COORDINATORS_GROUP).exists()
    entry = AuditEntry.objects.get(action="accounts.roles.changed")
    assert entry.data["after"]["scope"] == "20"


def test_unknown_scope_is_refused_in_the_form(admin_client):
    user = user_create()
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "email": user.email,
            "first_name": "Ewa",
            "last_name": "Lis",
            "is_active": "on",
            "coordinator_scope": "99",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.profile.coordinator_scope == ""


def test_coordinators_cannot_manage_users(client):
    from .factories import coordinator_create

    coordinator = coordinator_create(scope="18")
    client.force_login(coordinator)
    mark_session_mfa(client, coordinator)
    other = user_create()

    response = client.get(reverse("wagtailusers_users:edit", args=[other.pk]))

    assert response.status_code in (302, 403)
