"""Wagtail admin: the coordinators' registrations screens and menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import admin_urls, user_may_coordinate


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [
        path(
            "wydarzenia/",
            include((admin_urls(), "events_admin"), namespace="events_admin"),
        )
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_coordinate(request.user)


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return CoordinatorMenuItem(
        _("Zgłoszenia na wydarzenia"),
        reverse("events_admin:events"),
        icon_name="date",
        order=250,
    )
