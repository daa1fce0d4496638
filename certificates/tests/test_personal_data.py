"""The personal data export (/moje/dane/eksport/) carries the person's
certificates, whatever their status, and completions still waiting for one."""

import json

import pytest
from django.urls import reverse

from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)

from .factories import completion_create, coordinator_create, user_create

pytestmark = pytest.mark.django_db


def _export(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_export_lists_valid_revoked_and_superseded_certificates(client):
    user = user_create()
    coordinator = coordinator_create(scope="18")
    first = certificate_issue(completion=completion_create(user=user, organiser="18"))
    certificate_reissue(certificate=first, actor=coordinator)
    revoked = certificate_issue(completion=completion_create(user=user, organiser="18"))
    certificate_revoke(certificate=revoked, actor=coordinator, reason="Błąd w danych")

    data = _export(client, user)

    statuses = sorted(entry["status"] for entry in data["certificates"])
    assert statuses == ["revoked", "superseded", "valid"]
    revoked_entry = next(e for e in data["certificates"] if e["status"] == "revoked")
    assert revoked_entry["revoked_reason"] == "Błąd w danych"
    assert revoked_entry["number"] == revoked.number


def test_export_lists_a_completion_still_waiting_for_its_certificate(client):
    user = user_create()
    completion_create(user=user, title="Kurs czekający na zaświadczenie")
    certified = completion_create(user=user)
    certificate_issue(completion=certified)

    data = _export(client, user)

    waiting = [c for c in data["certificate_completions"] if not c["certified"]]
    assert [c["title"] for c in waiting] == ["Kurs czekający na zaświadczenie"]
    assert len(data["certificate_completions"]) == 2


def test_export_holds_nobody_elses_certificates(client):
    user, other = user_create(), user_create()
    theirs = certificate_issue(completion=completion_create(user=other))

    data = _export(client, user)

    assert data["certificates"] == [] and data["certificate_completions"] == []
    assert theirs.number not in json.dumps(data)
