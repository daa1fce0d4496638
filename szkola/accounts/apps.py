from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "szkola.accounts"
    label = "accounts"
    verbose_name = _("Konta i role")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import AbstractPage
        from wagtail.permissions import register_permission_policy

        from . import receivers, signals  # noqa: F401
        from .permissions import scoped_page_permission_policy

        # Page rights follow the organiser (see permissions.py): one policy
        # for every page model, replacing Wagtail's default one.
        register_permission_policy(AbstractPage, scoped_page_permission_policy())
