from django.db import migrations, models


class Migration(migrations.Migration):
    """The random Open Badges status-list index, nullable until 0005 fills it
    for certificates issued before it existed."""

    dependencies = [
        ("certificates", "0003_bulkissue_skipped"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="status_index",
            field=models.PositiveIntegerField(
                editable=False,
                help_text="Losowa pozycja w publikowanej liście unieważnień Open Badges.",
                null=True,
                unique=True,
                verbose_name="pozycja na liście statusów",
            ),
        ),
    ]
