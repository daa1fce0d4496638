"""The profile's free-text PZK line becomes a real team membership wherever
it names an existing team (same name, ignoring case and spaces, and the
person's voivodeship matches or is empty). Values that match no team stay in
the profile as typed; nothing is deleted. ``programme.services.
memberships_from_profiles`` does the same later (e.g. after teams are made)."""

from django.db import migrations


def _key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def forwards(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Team = apps.get_model("programme", "Team")
    TeamMember = apps.get_model("programme", "TeamMember")
    teams = {}
    for team in Team.objects.all():
        teams.setdefault(_key(team.name), []).append(team)
    if not teams:
        return
    members = set(
        TeamMember.objects.filter(removed_at__isnull=True).values_list("user_id", flat=True)
    )
    for profile in Profile.objects.exclude(pzk_team=""):
        matches = [
            t
            for t in teams.get(_key(profile.pzk_team), [])
            if not profile.voivodeship or profile.voivodeship == t.voivodeship
        ]
        if len(matches) != 1 or profile.user_id in members:
            continue
        TeamMember.objects.create(
            team=matches[0],
            user_id=profile.user_id,
            institution_name=profile.institution_name,
            institution_sector=profile.institution_sector,
        )
        members.add(profile.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_teams_paths_support"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
