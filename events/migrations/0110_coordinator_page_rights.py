"""Coordinators get page rights under every event list: add, edit, publish,
lock and unlock. Which events each coordinator may act on follows the
event's organiser (szkola.accounts.permissions)."""

from django.db import migrations

COORDINATORS_GROUP = "Koordynatorzy"
CODENAMES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    EventIndexPage = apps.get_model("events", "EventIndexPage")

    indexes = list(EventIndexPage.objects.values_list("pk", flat=True))
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=CODENAMES
        )
    )
    if not indexes or not permissions:
        return  # a fresh database: the rights come with the first event list
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    for page_id in indexes:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=coordinators, page_id=page_id, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0101_waitlist_offer"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
