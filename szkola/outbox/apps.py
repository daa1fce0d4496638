from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "szkola.outbox"
    label = "outbox"
    verbose_name = _("Skrzynka nadawcza")
    default_auto_field = "django.db.models.BigAutoField"
