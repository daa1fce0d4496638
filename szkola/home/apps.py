from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "szkola.home"
    label = "home"
    verbose_name = _("Strona")
    default_auto_field = "django.db.models.BigAutoField"
