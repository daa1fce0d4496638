"""Wagtail admin: the monitoring report, exports and participant records."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import admin_urls
from .selectors import user_may_use_monitoring


@hooks.register("register_admin_urls")
def register_monitoring_urls():
    return [
        path(
            "monitoring/",
            include((admin_urls(), "monitoring_admin"), namespace="monitoring_admin"),
        )
    ]


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_use_monitoring(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu_item():
    return MonitoringMenuItem(
        _("Monitoring EFS"),
        reverse("monitoring_admin:report"),
        icon_name="table",
        order=320,
    )
