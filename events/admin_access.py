"""What the coordinators' admin screens of the events app share: scope checks
(every screen about one event asks ``event_in_scope`` first), the organisers a
filter offers, and rows decorated for display and export."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import BasePermissionPolicy

from szkola.accounts.constants import Organiser

from .models import EventPage
from .scope import may_act_on_organiser, may_coordinate, organisers_in_scope


def int_or_zero(value) -> int:
    """A posted id, or 0 (which matches nothing) when it is not a number or
    not a possible primary key (PostgreSQL would refuse an out-of-range one)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**31 else 0


class OutOfScope(Exception):
    """A coordinator asked for an event of another organiser."""


def event_in_scope(request, event_id: int) -> EventPage:
    """The event, when the signed-in user coordinates its organiser.
    PermissionDenied for people who coordinate nothing, OutOfScope for a
    coordinator of another voivodeship, 404 for an unknown id."""
    if not may_coordinate(request.user):
        raise PermissionDenied
    event = get_object_or_404(
        EventPage.objects.prefetch_related("days", "quotas"), pk=event_id
    )
    if not may_act_on_organiser(request.user, event.organiser):
        raise OutOfScope
    return event


OUT_OF_SCOPE_MESSAGE = gettext_lazy(
    "Nie koordynujesz wydarzeń tego organizatora: koordynator prowadzi tylko "
    "wydarzenia swojego województwa."
)


def in_scope_only(view):
    """Turn a coordinator's request about another organiser's event (any
    view, any method, bulk actions included) into a clear message on the
    list of their own events; nothing runs and nothing changes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OutOfScope:
            messages.error(request, OUT_OF_SCOPE_MESSAGE)
            return redirect("events_admin:events")

    return wrapped


class DeskPolicy(BasePermissionPolicy):
    """Coordinators (and superusers) view the registrations desk; every
    change goes through the events services, which check the scope again."""

    def user_has_permission(self, user, action):
        return action == "view" and may_coordinate(user)

    def users_with_any_permission(self, actions):
        from szkola.accounts.models import User

        return User.objects.none()


def scoped_organiser_choices(user) -> list[tuple[str, str]]:
    """The organisers the user coordinates, as choices of a filter."""
    scope = organisers_in_scope(user)
    return [
        (value, label)
        for value, label in Organiser.choices
        if scope is None or value in scope
    ]


class DecoratedRows:
    """Display values added to each row as it is shown (one page) or
    exported (every row), by ``decorate``."""

    decorate = None

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = [self.decorate(item) for item in object_list]
        return paginator, page, page.object_list, is_paginated

    def to_row_dict(self, item):
        return super().to_row_dict(self.decorate(item))


class EventTitleColumn(Column):
    cell_template_name = "events/admin/cells/event_title.html"
