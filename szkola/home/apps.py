from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "szkola.home"
    label = "home"
    verbose_name = _("Strona")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import post_page_move

        from .models import SiteSettings, site_settings_changed
        from .page_cache import page_cache_clear_after_change

        for signal in (post_save, post_delete):
            signal.connect(
                site_settings_changed,
                sender=SiteSettings,
                dispatch_uid="site-settings-changed",
            )

        for signal in (post_save, post_delete, m2m_changed, post_page_move):
            signal.connect(
                page_cache_clear_after_change, dispatch_uid="page-cache-clear"
            )
