"""The household questions are no longer part of the participant data set:
answers given earlier are erased from the encrypted special-situation
answers (data minimisation). Not reversible: the answers are gone."""

import json

from django.db import migrations

HOUSEHOLD_KEYS = (
    "jobless_household",
    "jobless_household_children",
    "single_adult_children",
)


def household_answers_erase(apps, schema_editor):
    ParticipantData = apps.get_model("monitoring", "ParticipantData")
    for record in ParticipantData.objects.exclude(special_situations="").iterator():
        answers = json.loads(record.special_situations or "{}")
        kept = {
            key: value for key, value in answers.items() if key not in HOUSEHOLD_KEYS
        }
        if kept != answers:
            record.special_situations = json.dumps(kept)
            record.save(update_fields=["special_situations"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_participant_situation_after")]

    operations = [
        migrations.RunPython(household_answers_erase, migrations.RunPython.noop),
    ]
