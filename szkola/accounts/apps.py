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

        self._connect_permission_cache()

    @staticmethod
    def _connect_permission_cache() -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .backends import permissions_changed

        user_model = get_user_model()
        for model in (Group, Permission):
            for signal in (post_save, post_delete):
                signal.connect(
                    permissions_changed,
                    sender=model,
                    dispatch_uid=f"permissions-changed-{model._meta.label}",
                )
        for through in (
            user_model.groups.through,
            user_model.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                permissions_changed,
                sender=through,
                dispatch_uid=f"permissions-changed-{through._meta.label}",
            )
