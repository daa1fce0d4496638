import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("certificates", "0004_certificate_status_index")
AFTER = ("certificates", "0006_certificate_status_index_required")


def _migrate(target):
    return MigrationExecutor(connection).migrate([target]).apps


@pytest.fixture
def back_to_latest():
    """Whatever the test migrates back, every app ends at its latest
    migration again: later tests on this database need today's schema (the
    certificates app has migrations after AFTER)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_before_keep_their_id_as_status_index(back_to_latest):
    # Credentials already downloaded point at the id: a revocation must
    # still reach them.
    apps = _migrate(BEFORE)
    try:
        Certificate = apps.get_model("certificates", "Certificate")
        for seq in range(1, 6):
            Certificate.objects.create(
                number=f"SK/2024/{seq:05d}",
                year=2024,
                sequence=seq,
                code=f"kod-{seq}",
                recipient_name="Zażółć Gęślą",
                source_kind="event",
                source_id=seq,
                title="Szkolenie",
                hours="8.0",
                issued_at=timezone.now(),
            )
        assert Certificate.objects.filter(status_index__isnull=True).count() == 5
    finally:
        apps = _migrate(AFTER)
    rows = list(
        apps.get_model("certificates", "Certificate").objects.values_list(
            "pk", "status_index"
        )
    )
    assert len(rows) == 5
    assert all(index == pk for pk, index in rows)


@pytest.mark.django_db(transaction=True)
def test_the_schema_is_the_latest_after_the_migration_test():
    # Runs after the test above on the same database in most orders; it
    # fails if a migration test leaves the schema behind.
    from certificates.models import CertificateTemplate

    CertificateTemplate.objects.filter(show_outcomes=True).count()
