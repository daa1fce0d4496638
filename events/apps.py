from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Szkolenia i wydarzenia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from szkola.accounts.signals import account_deleting, personal_data_sections

        from .receivers import personal_data_section, release_places

        personal_data_sections.connect(
            personal_data_section, dispatch_uid="events.personal_data"
        )
        account_deleting.connect(release_places, dispatch_uid="events.release_places")
