import pytest
from django.urls import reverse

from szkola.accounts.tests.factories import mark_session_mfa

from ..dashboard import completions_awaiting_certificates
from .factories import certificate_create, completion_create, coordinator_create

pytestmark = pytest.mark.django_db


def test_waiting_completions_in_scope_only():
    completion_create(id=501, organiser="20", title="Szkolenie podlaskie")
    completion_create(id=501, organiser="20", title="Szkolenie podlaskie")
    certificate_create(id=501, organiser="20", title="Szkolenie podlaskie")
    completion_create(id=777, organiser="18", title="Szkolenie podkarpackie")

    rows = completions_awaiting_certificates(user=coordinator_create(scope="20"))

    assert [(r["source_title"], r["waiting"]) for r in rows] == [
        ("Szkolenie podlaskie", 2)
    ]
    leader_rows = completions_awaiting_certificates(user=coordinator_create(scope="MR"))
    assert {r["source_title"] for r in leader_rows} == {
        "Szkolenie podlaskie",
        "Szkolenie podkarpackie",
    }


def test_panel_on_admin_home(client):
    completion_create(id=501, organiser="20", title="Szkolenie podlaskie")
    completion_create(id=777, organiser="18", title="Szkolenie podkarpackie")
    coordinator = coordinator_create(scope="20")
    client.force_login(coordinator)
    mark_session_mfa(client, coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Ukończenia czekające na zaświadczenia" in page
    assert "Szkolenie podlaskie" in page
    assert "Szkolenie podkarpackie" not in page
    assert reverse("certificates_admin:bulk") in page
