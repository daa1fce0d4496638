import json

import pytest
from django.urls import reverse

from szkola.accounts.models import AuditEntry
from szkola.accounts.services import consent_record
from szkola.live.services import notify

from .factories import SIGNUP_DATA, user_create

pytestmark = pytest.mark.django_db

PROFILE = {
    key: SIGNUP_DATA[key]
    for key in (
        "first_name",
        "last_name",
        "institution_name",
        "institution_sector",
        "position",
        "gmina",
        "powiat",
        "voivodeship",
        "pzk_team",
    )
}


def test_dashboard_needs_login(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_profile_edit_saves_and_audits(client):
    user = user_create()
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {**PROFILE, "gmina": "Dubiecko"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.profile.gmina == "Dubiecko"
    assert user.last_name == "Wiśniewska"
    assert AuditEntry.objects.filter(action="accounts.profile.updated").exists()


def test_profile_edit_rejects_unknown_voivodeship_and_keeps_data(client):
    user = user_create()
    client.force_login(user)
    client.post(reverse("accounts:profile"), PROFILE)

    response = client.post(
        reverse("accounts:profile"), {**PROFILE, "voivodeship": "77"}
    )

    assert response.status_code == 200
    assert "Wybierz województwo z listy." in response.content.decode()
    user.refresh_from_db()
    assert user.profile.voivodeship == "18"


def test_data_export_contains_only_my_data(client):
    me = user_create(email="ja@gmina.example.pl")
    other = user_create(email="ktos.inny@gmina.example.pl")
    consent_record(user=me)
    notify(me, title="Moje powiadomienie")
    notify(other, title="Cudze powiadomienie")
    client.force_login(me)

    response = client.get(reverse("accounts:export"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ja@gmina.example.pl"
    assert [n["title"] for n in data["notifications"]] == ["Moje powiadomienie"]
    assert data["consents"][0]["kind"] == "rodo"
    assert "ktos.inny" not in response.content.decode()
