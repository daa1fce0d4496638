"""Give every certificate issued so far its own random status-list index.

Until now the index was the certificate's id; credentials already downloaded
name that id, so a revocation of an older certificate cannot reach them any
more. Existing holders download the credential again to get the new index."""

import secrets

from django.db import migrations

# Frozen here on purpose: a migration must not change when the app does.
STATUS_LIST_SIZE = 131_072


def fill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    pending = list(
        Certificate.objects.filter(status_index__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pending:
        return
    taken = set(
        Certificate.objects.filter(status_index__isnull=False).values_list(
            "status_index", flat=True
        )
    )
    free = [index for index in range(STATUS_LIST_SIZE) if index not in taken]
    if len(free) < len(pending):
        raise RuntimeError("The Open Badges status list has no room left.")
    indexes = secrets.SystemRandom().sample(free, len(pending))
    for pk, index in zip(pending, indexes, strict=True):
        Certificate.objects.filter(pk=pk).update(status_index=index)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_certificate_status_index"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
