from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Szkolenia i wydarzenia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from szkola.accounts.signals import account_deleting, personal_data_sections

        from .models import EventPage
        from .receivers import event_published, personal_data_section, release_places

        personal_data_sections.connect(
            personal_data_section, dispatch_uid="events.personal_data"
        )
        account_deleting.connect(release_places, dispatch_uid="events.release_places")
        page_published.connect(
            event_published, sender=EventPage, dispatch_uid="events.calendar"
        )
