"""Coordinators see and export participant data of their scope only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.services import participation_refresh
from szkola.accounts.models import AuditEntry

from .factories import (
    coordinator_create,
    mark_session_mfa,
    participant_data_create,
    support_started,
    trainer_create,
)

pytestmark = pytest.mark.django_db


def _sign_in(client, user):
    client.force_login(user)
    mark_session_mfa(client, user)


@pytest.fixture
def podlaskie_and_lubelskie():
    return (
        support_started(participant_data_create(voivodeship="20")),
        support_started(participant_data_create(voivodeship="06")),
    )


def test_podlaskie_coordinator_reads_their_participant_and_it_is_audited(
    client, podlaskie_and_lubelskie
):
    podlaskie, _lubelskie = podlaskie_and_lubelskie
    coordinator = coordinator_create(scope="20")
    _sign_in(client, coordinator)
    response = client.get(reverse("monitoring_admin:participant", args=[podlaskie.pk]))
    assert response.status_code == 200
    assert "85010112345" in response.content.decode()
    entry = AuditEntry.objects.get(action="monitoring.participant.read")
    assert entry.actor == coordinator
    assert entry.object_id == str(podlaskie.pk)


def test_podlaskie_coordinator_cannot_read_a_lubelskie_participant(
    client, podlaskie_and_lubelskie
):
    _podlaskie, lubelskie = podlaskie_and_lubelskie
    _sign_in(client, coordinator_create(scope="20"))
    response = client.get(reverse("monitoring_admin:participant", args=[lubelskie.pk]))
    assert response.status_code == 403
    assert "85010112345" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="monitoring.participant.read").exists()


def test_lubelskie_coordinator_export_of_podlaskie_is_refused(
    client, podlaskie_and_lubelskie
):
    _sign_in(client, coordinator_create(scope="06"))
    response = client.get(reverse("monitoring_admin:sl2014"), {"voivodeship": "20"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "Nie masz dostępu" in response.content.decode()
    assert not AuditEntry.objects.filter(action="monitoring.export.sl2014").exists()


def test_a_voivodeship_coordinator_cannot_export_everything(
    client, podlaskie_and_lubelskie
):
    _sign_in(client, coordinator_create(scope="20"))
    response = client.get(reverse("monitoring_admin:sl2014"), {"voivodeship": ""})
    assert response.status_code == 403


def test_podlaskie_export_holds_only_podlaskie(client, podlaskie_and_lubelskie):
    podlaskie, _lubelskie = podlaskie_and_lubelskie
    _sign_in(client, coordinator_create(scope="20"))
    response = client.get(reverse("monitoring_admin:sl2014"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Uczestnicy"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][10] == "podlaskie"
    assert AuditEntry.objects.get(action="monitoring.export.sl2014").data["rows"] == 1


def test_the_leaders_team_exports_the_whole_macroregion(
    client, podlaskie_and_lubelskie
):
    _sign_in(client, coordinator_create(scope="MR"))
    response = client.get(reverse("monitoring_admin:sl2014"))
    sheet = load_workbook(io.BytesIO(response.content))["Uczestnicy"]
    voivodeships = {row[10] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert voivodeships == {"podlaskie", "lubelskie"}


def test_a_trainer_is_refused_everything(client, podlaskie_and_lubelskie):
    podlaskie, _lubelskie = podlaskie_and_lubelskie
    _sign_in(client, trainer_create())
    for url in (
        reverse("monitoring_admin:report"),
        reverse("monitoring_admin:sl2014"),
        reverse("monitoring_admin:participants"),
        reverse("monitoring_admin:participant", args=[podlaskie.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert not AuditEntry.objects.filter(
        action__startswith="monitoring.export"
    ).exists()
    assert not AuditEntry.objects.filter(action="monitoring.participant.read").exists()


def test_the_report_shows_accessible_charts_with_labels_and_values(
    client, podlaskie_and_lubelskie
):
    _sign_in(client, coordinator_create(scope="MR"))
    response = client.get(reverse("monitoring_admin:report"))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('role="img"') == 6
    assert '<title id="chart-sex-title">Osoby według płci</title>' in text
    assert ">kobieta</text>" in text
    assert ">2</text>" in text  # both women, value written on the bar


def test_the_report_xlsx_reads_back(client, podlaskie_and_lubelskie):
    _sign_in(client, coordinator_create(scope="MR"))
    response = client.get(reverse("monitoring_admin:report_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {
        row[0]: row[1] for row in workbook["Podsumowanie"].iter_rows(values_only=True)
    }
    assert summary["Osoby objęte wsparciem"] == 2
    assert summary["Godziny wsparcia"] == 32
    assert "Osoby według płci" in workbook.sheetnames


def test_refresh_keeps_nothing_for_someone_without_support(podlaskie_and_lubelskie):
    podlaskie, _ = podlaskie_and_lubelskie
    record = participation_refresh(user_id=podlaskie.user_id)
    assert record.started_on is None and record.support == []
