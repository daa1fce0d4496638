from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_certificate_status_index_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="status_index",
            field=models.PositiveIntegerField(
                editable=False,
                help_text="Losowa pozycja w publikowanej liście unieważnień Open Badges.",
                unique=True,
                verbose_name="pozycja na liście statusów",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.CheckConstraint(
                condition=models.Q(status_index__lt=131072),
                name="certificates_status_index_in_list",
            ),
        ),
    ]
