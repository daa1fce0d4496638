import io
import time
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from certificates.models import BulkIssue, Certificate

from .factories import (
    certificate_create,
    completion_create,
    coordinator_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _staff_login(client, user):
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp", "id": 1}
    ]
    # allauth (65.x) only trusts the records when they belong to this user.
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def coordinator(client):
    user = coordinator_create(scope="18")
    _staff_login(client, user)
    return user


def test_register_lists_only_certificates_in_scope(client, coordinator):
    mine = certificate_create(organiser="18")
    other = certificate_create(organiser="06")
    response = client.get(reverse("certificate_register:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.number in text
    assert other.number not in text


def test_register_exports_xlsx(client, coordinator):
    certificate = certificate_create(organiser="18")
    response = client.get(reverse("certificate_register:index") + "?export=xlsx")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Numer"
    assert rows[1][0] == certificate.number
    assert rows[1][1] == certificate.recipient_name


def _export(client, fmt):
    response = client.get(reverse("certificate_register:index") + f"?export={fmt}")
    assert response.status_code == 200
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_register_export_has_labels_and_local_times(client, coordinator):
    import datetime

    import time_machine

    # 23:30 UTC on the night the clocks go forward: already the next day
    # (00:30 CET) in Warsaw.
    with time_machine.travel(
        datetime.datetime(2021, 3, 27, 23, 30, tzinfo=datetime.UTC), tick=False
    ):
        certificate = certificate_create(organiser="18")
    certificate_create(organiser="18", kind="course")

    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    assert sheet.title == "Rejestr zaświadczeń"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    headings = [c.value for c in sheet[1]]
    row = {
        h: c.value
        for h, c in zip(
            headings,
            next(
                r
                for r in sheet.iter_rows(min_row=2)
                if r[0].value == certificate.number
            ),
            strict=True,
        )
    }
    assert row["Rodzaj"] == "wydarzenie"
    assert row["Organizator"] == "podkarpackie (ROPS Rzeszów)"
    assert row["Status"] == "ważne"
    assert row["Wydał(a)"] == "automatycznie"
    assert row["Wydano"] == datetime.datetime(2021, 3, 28, 0, 30)
    kinds = {
        r[headings.index("Rodzaj")]
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert kinds == {"wydarzenie", "kurs"}


def test_register_csv_is_for_polish_excel(client, coordinator):
    certificate_create(organiser="18", user=user_create(first_name="=2+3"))

    content = _export(client, "csv")

    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Numer;Imię i nazwisko;Tytuł;Rodzaj;")
    assert ";ważne;" in lines[1]
    assert ";'=2+3 " in lines[1]


def test_register_is_closed_to_participants(client):
    _staff_login(client, user_create())
    response = client.get(reverse("certificate_register:index"))
    assert response.status_code in (302, 403)


def test_register_filters_by_kind(client, coordinator):
    course = certificate_create(organiser="18", kind="course")
    event = certificate_create(organiser="18", kind="event")
    response = client.get(reverse("certificate_register:index") + "?source_kind=course")
    text = response.content.decode()
    assert course.number in text
    assert event.number not in text


def test_issue_for_one_participant(client, coordinator):
    completion = completion_create(organiser="18")
    response = client.post(
        reverse("certificates_admin:issue_one"), {"completion": completion.pk}
    )
    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert certificate.issued_by == coordinator


def test_issue_for_one_cannot_pick_a_completion_outside_scope(client, coordinator):
    completion = completion_create(organiser="06")
    response = client.post(
        reverse("certificates_admin:issue_one"), {"completion": completion.pk}
    )
    assert response.status_code == 200
    assert not Certificate.objects.exists()


def test_bulk_issue_runs_and_reports_progress(
    client, coordinator, django_capture_on_commit_callbacks
):
    for _ in range(3):
        completion_create(organiser="18", kind="event", id=4242)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates_admin:bulk"), {"source": "event:4242"}
        )
    run = BulkIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certificates_admin:bulk_progress", args=[run.pk]
    )
    status = client.get(reverse("certificates_admin:bulk_status", args=[run.pk])).json()
    assert status == {
        "id": run.pk,
        "status": "done",
        "total": 3,
        "done": 3,
        "issued": 3,
        "failed": 0,
        "skipped": [],
    }


def test_bulk_issue_of_a_source_outside_scope_is_not_offered(client, coordinator):
    completion_create(organiser="06", kind="event", id=4343)
    response = client.post(reverse("certificates_admin:bulk"), {"source": "event:4343"})
    assert response.status_code == 200
    assert not BulkIssue.objects.exists()


def test_reissue_from_admin(client, coordinator):
    certificate = certificate_create(organiser="18")
    response = client.post(
        reverse("certificates_admin:reissue", args=[certificate.pk]),
        {"recipient_name": "Żaneta Poprawiona"},
    )
    new = Certificate.objects.get(supersedes=certificate)
    assert response["Location"] == reverse("certificates_admin:detail", args=[new.pk])
    assert new.recipient_name == "Żaneta Poprawiona"


def test_revoke_from_admin_needs_a_reason(client, coordinator):
    certificate = certificate_create(organiser="18")
    client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": ""}
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]),
        {"reason": "Duplikat"},
    )
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Duplikat"


def test_detail_outside_scope_is_not_found(client, coordinator):
    certificate = certificate_create(organiser="06")
    response = client.get(reverse("certificates_admin:detail", args=[certificate.pk]))
    assert response.status_code == 404


def test_download_source_as_zip_and_merged_pdf(client, coordinator):
    first = certificate_create(organiser="18", kind="event", id=5151)
    certificate_create(organiser="18", kind="event", id=5151)
    url = reverse("certificates_admin:download_source")
    response = client.get(url, {"source": "event:5151", "format": "zip"})
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert first.number.replace("/", "-") + ".pdf" in names
    assert len(names) == 2
    response = client.get(url, {"source": "event:5151", "format": "pdf"})
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 4


def test_template_preview_renders_sample_data_as_pdf():
    from certificates.models import CertificateTemplate

    template = CertificateTemplate(title="Podgląd", heading="PODGLĄD ŚWIADECTWA")
    response = template.make_preview_request()
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "PODGLĄD ŚWIADECTWA" in text
    assert "SK/2021/00042" in text


def test_template_editor_opens_for_a_coordinator(client, coordinator):
    response = client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:add")
    )
    assert response.status_code == 200


def test_template_edit_affects_only_later_issues():
    from certificates.models import CertificateTemplate

    template = CertificateTemplate.objects.create(
        title="PL", is_default=True, heading="PIERWSZY"
    )
    template.save_revision()
    first = certificate_create()
    template.heading = "DRUGI"
    template.save()
    template.save_revision()
    second = certificate_create()
    assert first.template_revision_id != second.template_revision_id
    from certificates.storage import private_storage

    text = PdfReader(private_storage().open(first.pdf)).pages[0].extract_text()
    assert "PIERWSZY" in text


def test_register_query_count_does_not_grow_with_rows(
    client, coordinator, django_assert_max_num_queries
):
    certificate_create(organiser="18")
    url = reverse("certificate_register:index")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(6):
        certificate_create(organiser="18")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.fixture
def foreign(client):
    """A coordinator of another voivodeship, signed in with the second factor."""
    user = coordinator_create(scope="06")
    _staff_login(client, user)
    return user


def test_coordinator_of_another_voivodeship_cannot_revoke_or_reissue(client, foreign):
    certificate = certificate_create(organiser="18")
    revoke = client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "X"}
    )
    reissue = client.post(
        reverse("certificates_admin:reissue", args=[certificate.pk]),
        {"recipient_name": "Ktoś Inny"},
    )
    assert (revoke.status_code, reissue.status_code) == (404, 404)
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert Certificate.objects.count() == 1


def test_coordinator_of_another_voivodeship_cannot_download_a_source(client, foreign):
    certificate_create(organiser="18", kind="event", id=6161)
    url = reverse("certificates_admin:download_source")
    for fmt in ("zip", "pdf"):
        response = client.get(url, {"source": "event:6161", "format": fmt})
        assert response.status_code == 404


def test_coordinator_of_another_voivodeship_cannot_follow_a_bulk_issue(
    client, foreign, django_capture_on_commit_callbacks
):
    from certificates.services import bulk_issue_start

    completion_create(organiser="18", kind="event", id=6262)
    with django_capture_on_commit_callbacks(execute=True):
        run = bulk_issue_start(
            source_kind="event", source_id=6262, actor=coordinator_create(scope="18")
        )
    for name in ("bulk_progress", "bulk_status"):
        response = client.get(reverse(f"certificates_admin:{name}", args=[run.pk]))
        assert response.status_code == 404


def test_coordinator_of_another_voivodeship_cannot_open_register_records(
    client, foreign
):
    certificate = certificate_create(organiser="18")
    for name in ("edit", "delete", "history"):
        response = client.get(
            reverse(f"certificate_register:{name}", args=[certificate.pk])
        )
        assert response.status_code in (302, 403, 404)
        assert certificate.recipient_name not in response.content.decode()
    export = client.get(reverse("certificate_register:index") + "?export=xlsx")
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[1:] == []


def test_detail_of_a_deleted_account_shows_no_reissue(client, coordinator):
    certificate = certificate_create(organiser="18")
    certificate.user.delete()
    response = client.get(reverse("certificates_admin:detail", args=[certificate.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert certificate.recipient_name in text
    assert reverse("certificates_admin:reissue", args=[certificate.pk]) not in text
    assert reverse("certificates_admin:revoke", args=[certificate.pk]) in text


def test_revoke_shows_a_summary_on_get_and_changes_nothing(client, coordinator):
    certificate = certificate_create(organiser="18")

    response = client.get(reverse("certificates_admin:revoke", args=[certificate.pk]))

    assert response.status_code == 200
    text = response.content.decode()
    assert certificate.number in text and certificate.recipient_name in text
    assert "Tego nie można cofnąć" in text
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_summary_of_another_voivodeship_is_not_found(client, foreign):
    certificate = certificate_create(organiser="18")

    response = client.get(reverse("certificates_admin:revoke", args=[certificate.pk]))

    assert response.status_code == 404
