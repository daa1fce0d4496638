"""The leader's team (coordinator scope ``MR``) gets its own group, which
alone may publish courses straight past the approval workflow."""

from django.db import migrations

LEADER_TEAM_GROUP = "Koordynatorzy zespołu lidera"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Profile = apps.get_model("accounts", "Profile")
    User = apps.get_model("accounts", "User")

    leaders = User.objects.filter(
        pk__in=Profile.objects.filter(coordinator_scope="MR").values("user_id")
    )
    if not leaders.exists():
        return
    group, _created = Group.objects.get_or_create(name=LEADER_TEAM_GROUP)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        group.permissions.add(admin_access)
    for user in leaders:
        user.groups.add(group)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
