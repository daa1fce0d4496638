"""Give every certificate issued so far its status-list index.

Until now the index was the certificate's id, and credentials already
downloaded name that id: those certificates keep it as their index, so a
later revocation still reaches the credentials people hold. Later issues draw
random free indexes (the unique index keeps them off these). A certificate
whose id lies beyond the list gets a random free index instead."""

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
    beyond = []
    for pk in pending:
        if pk < STATUS_LIST_SIZE and pk not in taken:
            Certificate.objects.filter(pk=pk).update(status_index=pk)
            taken.add(pk)
        else:
            beyond.append(pk)
    if not beyond:
        return
    free = [index for index in range(STATUS_LIST_SIZE) if index not in taken]
    if len(free) < len(beyond):
        raise RuntimeError("The Open Badges status list has no room left.")
    indexes = secrets.SystemRandom().sample(free, len(beyond))
    for pk, index in zip(beyond, indexes, strict=True):
        Certificate.objects.filter(pk=pk).update(status_index=index)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_certificate_status_index"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
