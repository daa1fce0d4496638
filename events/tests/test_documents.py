"""Signed attendance-list scans: uploaded back to the day, kept privately,
downloadable only by coordinators of the event's organiser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from szkola.accounts.models import AuditEntry

from ..errors import EventError
from ..models import AttendanceScan
from ..services import attendance_scan_upload
from ..storage import private_storage
from .factories import coordinator_create, event_create, staff_login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.EVENTS_PRIVATE_ROOT = str(tmp_path / "events")
    return tmp_path / "events"


def _upload(client, event, day, content=PDF, name="lista.pdf"):
    return client.post(
        reverse("events_admin:documents", args=[event.pk]),
        {"day": day.pk, "scan": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_coordinator_uploads_the_signed_scan_and_downloads_it(client, private_root):
    event = event_create()
    day = event.days.order_by("date").first()
    coordinator = coordinator_create(scope="18")
    staff_login(client, coordinator)

    response = _upload(client, event, day)

    assert "Zapisano skan listy obecności" in response.content.decode()
    scan = AttendanceScan.objects.get()
    assert scan.day == day and scan.uploaded_by == coordinator
    assert scan.content_type == "application/pdf"
    stored = private_root / scan.file
    assert stored.read_bytes() == PDF
    assert AuditEntry.objects.filter(action="events.attendance_scan.uploaded").exists()
    page = client.get(reverse("events_admin:documents", args=[event.pk]))
    assert "lista.pdf" in page.content.decode()
    download = client.get(
        reverse("events_admin:scan_download", args=[event.pk, scan.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]


def test_the_attendance_screen_links_to_the_upload(client):
    event = event_create()
    staff_login(client, coordinator_create(scope="18"))

    page = client.get(reverse("events_admin:attendance", args=[event.pk]))

    assert reverse("events_admin:documents", args=[event.pk]) in page.content.decode()


def test_another_voivodeship_can_neither_upload_nor_download(client):
    event = event_create(organiser="18")
    day = event.days.order_by("date").first()
    scan = attendance_scan_upload(
        day=day,
        actor=coordinator_create(scope="18"),
        upload=SimpleUploadedFile("lista.pdf", PDF),
    )
    staff_login(client, coordinator_create(scope="20"))

    upload = _upload(client, event, day)
    download = client.get(
        reverse("events_admin:scan_download", args=[event.pk, scan.pk]), follow=True
    )

    assert AttendanceScan.objects.count() == 1
    assert "Nie koordynujesz wydarzeń tego organizatora" in upload.content.decode()
    assert PDF not in download.content


def test_a_participant_cannot_download(client):
    from .factories import user_create

    event = event_create()
    scan = attendance_scan_upload(
        day=event.days.first(),
        actor=coordinator_create(scope="MR"),
        upload=SimpleUploadedFile("lista.pdf", PDF),
    )
    staff_login(client, user_create())

    response = client.get(
        reverse("events_admin:scan_download", args=[event.pk, scan.pk])
    )

    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "scan_missing"),
        (b"MZ\x90\x00 not a scan", "scan_type"),
        (b"<html>%PDF-</html>", "scan_type"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(content, code, private_root):
    event = event_create()
    with pytest.raises(EventError) as error:
        attendance_scan_upload(
            day=event.days.first(),
            actor=coordinator_create(scope="18"),
            upload=SimpleUploadedFile("x.pdf", content),
        )
    assert error.value.code == code
    assert not AttendanceScan.objects.exists()
    assert not private_root.exists() or not any(private_root.rglob("*.*"))


def test_too_large_a_file_is_refused(monkeypatch):
    from ..services import documents

    monkeypatch.setattr(documents, "SCAN_MAX_BYTES", 10)
    event = event_create()
    with pytest.raises(EventError) as error:
        attendance_scan_upload(
            day=event.days.first(),
            actor=coordinator_create(scope="18"),
            upload=SimpleUploadedFile("x.pdf", PDF),
        )
    assert error.value.code == "scan_too_large"


def test_scans_have_no_public_url():
    with pytest.raises(ValueError):
        private_storage().url("1/x.pdf")
