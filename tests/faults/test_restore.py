"""The restore drill: back up, lose the register and its PDFs, restore, and
the register, the PDFs' checksums and the credentials still verify."""

import shutil

import pytest
from django.core.management import call_command
from django.db import connection

from certificates.models import Certificate
from certificates.register_check import register_check
from certificates.storage import private_root
from certificates.tests.factories import certificate_create


def three_issued(settings, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    settings.OB_SIGNING_KEY = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    settings.CERTIFICATES_BASE_URL = "https://szkola.example.org"
    certificates = [certificate_create() for _ in range(3)]
    assert register_check().ok
    return certificates


@pytest.fixture
def issued(transactional_db, settings, tmp_path):
    """Committed: pg_dump and pg_restore see the data from other sessions."""
    return three_issued(settings, tmp_path)


@pytest.fixture
def issued_here(db, settings, tmp_path):
    """In the test's transaction, for checks that run no other process."""
    return three_issued(settings, tmp_path)


def lose_everything():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Certificate._meta.db_table}")
    shutil.rmtree(private_root())


def test_a_restored_backup_verifies(issued, tmp_path, client):
    folder = tmp_path / "backup"
    call_command("backup_create", str(folder), "--with-key")
    assert (folder / "private-certificates.tar.gz").exists()
    assert (folder / "ob_signing_key.pem").stat().st_mode & 0o077 == 0

    lose_everything()
    assert Certificate.objects.count() == 0
    assert register_check().certificates == 0

    call_command("backup_restore", str(folder), "--yes")

    report = register_check()
    assert report.problems == []
    assert report.certificates == 3
    assert report.pdfs_checked == 3
    assert report.credentials_checked == 3
    for certificate in issued:
        page = client.get(f"/certyfikaty/weryfikacja/{certificate.code}/")
        assert page.status_code == 200
        assert certificate.number in page.content.decode()


def test_a_changed_pdf_is_caught(issued_here):
    certificate = issued_here[0]
    path = private_root() / certificate.pdf
    path.write_bytes(path.read_bytes() + b"%tampered")
    report = register_check(credentials=False)
    assert report.problems == [
        f"{certificate.number}: suma SHA-256 pliku PDF się nie zgadza"
    ]


def test_restore_needs_a_confirmation(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("backup_restore", str(tmp_path))


def test_the_signed_attendance_scans_are_backed_up_and_restored(
    issued, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events.models import AttendanceScan
    from events.services import attendance_scan_upload
    from events.storage import private_root as events_root
    from events.tests.factories import coordinator_create, event_create

    settings.EVENTS_PRIVATE_ROOT = str(tmp_path / "events")
    event = event_create(organiser="18")
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    scan = attendance_scan_upload(
        day=event.days.order_by("date").first(),
        actor=coordinator_create(scope="18"),
        upload=SimpleUploadedFile("lista.pdf", content),
    )
    folder = tmp_path / "backup"
    call_command("backup_create", str(folder))
    assert (folder / "private-events.tar.gz").exists()

    shutil.rmtree(events_root())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AttendanceScan._meta.db_table}")

    call_command("backup_restore", str(folder), "--yes")

    restored = AttendanceScan.objects.get(pk=scan.pk)
    assert (events_root() / restored.file).read_bytes() == content
    assert register_check().problems == []


def test_an_older_backup_without_scans_leaves_them_alone(issued, settings, tmp_path):
    settings.EVENTS_PRIVATE_ROOT = str(tmp_path / "events")
    folder = tmp_path / "backup"
    call_command("backup_create", str(folder))
    (folder / "private-events.tar.gz").unlink()
    kept = tmp_path / "events" / "scan.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF")

    call_command("backup_restore", str(folder), "--yes")

    assert kept.read_bytes() == b"%PDF"
    assert register_check().problems == []
