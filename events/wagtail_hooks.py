"""Wagtail admin: the coordinators' registrations desk (viewsets and menu)."""

from wagtail import hooks

from .admin_views import events_desk_viewset, registration_desk_viewset


@hooks.register("register_admin_viewset")
def register_events_desk():
    return events_desk_viewset


@hooks.register("register_admin_viewset")
def register_registration_desk():
    return registration_desk_viewset
