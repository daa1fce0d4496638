"""The registrations desk in the Wagtail admin (``/admin/wydarzenia/``): the
coordinator's events, each event's registrations and every registration in
scope, as Wagtail listing views with filter sets and the (formula-safe)
spreadsheet export, and the URLs of the desk. One event's registrations and
every registration in scope are in ``admin_registrations``, the actions in
``admin_actions``, the per-event lists in ``admin_lists``."""

import django_filters
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet

from szkola.home.exports import SafeSpreadsheetExportMixin

from . import admin_actions, admin_documents, admin_lists
from .admin_access import (
    DecoratedRows,
    DeskPolicy,
    EventTitleColumn,
    in_scope_only,
    scoped_organiser_choices,
)
from .admin_registrations import (
    RegistrationDeskView,
    registration_desk_viewset,
)
from .models import EventPage, EventState, Registration
from .scope import may_coordinate
from .selectors import (
    events_for_coordinator,
)

Status = Registration.Status

# Kept for callers outside this module (menus, other apps' hooks).
user_may_coordinate = may_coordinate

__all__ = [
    "events_desk_viewset",
    "registration_desk_viewset",
    "user_may_coordinate",
]


# --- the coordinator's events -------------------------------------------------


class EventDeskFilterSet(WagtailFilterSet):
    organiser = django_filters.ChoiceFilter(
        label=gettext_lazy("Organizator"), choices=[], empty_label=None
    )
    when = django_filters.ChoiceFilter(
        label=gettext_lazy("Termin"),
        choices=[
            ("upcoming", gettext_lazy("nadchodzące i trwające")),
            ("past", gettext_lazy("zakończone")),
        ],
        method="filter_when",
    )

    class Meta:
        model = EventPage
        fields = ["organiser"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the organisers the user coordinates (one, for a voivodeship).
        self.filters["organiser"].extra["choices"] = scoped_organiser_choices(
            request.user
        )

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(days__date__gte=today).distinct()
        if value == "past":
            return queryset.exclude(days__date__gte=today)
        return queryset


class EventDeskIndexView(DecoratedRows, SafeSpreadsheetExportMixin, IndexView):
    """Events of the user's organisers with their places and queues."""

    decorate = staticmethod(lambda event: _decorate_event(event))

    model = EventPage
    permission_policy = DeskPolicy(EventPage)
    any_permission_required = ["view"]
    page_title = gettext_lazy("Zgłoszenia na wydarzenia")
    header_icon = "date"
    template_name = "events/admin/event_list.html"
    index_url_name = "events_admin:events"
    index_results_url_name = "events_admin:events_results"
    filterset_class = EventDeskFilterSet
    # Plain ORM search: the page search index does not serve the per-page
    # fields, and these lists are short.
    search_backend_name = None
    search_fields = ["title", "city"]
    is_searchable = True
    paginate_by = 50
    default_ordering = "-pk"
    columns = [
        EventTitleColumn("title", label=gettext_lazy("Wydarzenie")),
        Column("dates", label=gettext_lazy("Termin")),
        Column("get_organiser_display", label=gettext_lazy("Organizator")),
        Column("places_label", label=gettext_lazy("Potwierdzone / miejsca")),
        Column("pending", label=gettext_lazy("Do akceptacji")),
        Column("waiting", label=gettext_lazy("Rezerwowa")),
        Column("state_label", label=gettext_lazy("Stan")),
    ]
    list_export = [
        "title",
        "dates",
        "get_organiser_display",
        "confirmed",
        "pending",
        "waiting",
        "effective_capacity",
        "state_label",
    ]
    export_headings = {
        "title": gettext_lazy("Wydarzenie"),
        "dates": gettext_lazy("Termin"),
        "get_organiser_display": gettext_lazy("Organizator"),
        "confirmed": gettext_lazy("Potwierdzone"),
        "pending": gettext_lazy("Do akceptacji"),
        "waiting": gettext_lazy("Rezerwowa"),
        "effective_capacity": gettext_lazy("Miejsca"),
        "state_label": gettext_lazy("Stan"),
    }
    export_filename = "wydarzenia"

    def get_base_queryset(self):
        return (
            events_for_coordinator(user=self.request.user)
            .annotate(
                confirmed=Count(
                    "registrations", filter=Q(registrations__status=Status.CONFIRMED)
                ),
                pending=Count(
                    "registrations", filter=Q(registrations__status=Status.PENDING)
                ),
                waiting=Count(
                    "registrations", filter=Q(registrations__status=Status.WAITLISTED)
                ),
            )
            .select_related("state")
            .prefetch_related("days")
        )

    @cached_property
    def header_more_buttons(self):
        from wagtail.admin.widgets import Button

        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Wszystkie zgłoszenia"),
                url=reverse("registration_desk:index"),
                icon_name="list-ul",
                priority=10,
            )
        )
        return buttons


def _decorate_event(event: EventPage) -> EventPage:
    first, last = event.date_from, event.date_to
    event.dates = (
        ""
        if first is None
        else first.strftime("%d.%m.%Y")
        if first == last
        else f"{first:%d.%m.%Y}–{last:%d.%m.%Y}"
    )
    event.places_label = f"{event.confirmed} / {event.effective_capacity}"
    try:
        state = event.state
    except EventState.DoesNotExist:
        state = None
    if state and state.cancelled_at:
        event.state_label = _("odwołane")
    elif state and state.attendance_closed_at:
        event.state_label = _("obecność zamknięta")
    else:
        event.state_label = ""
    return event


# --- the URLs -------------------------------------------------------------------


class EventsDeskViewSet(ViewSet):
    """``/admin/wydarzenia/``: the coordinator's events and each event's
    desk; the URL names (``events_admin:…``) are the ones used before."""

    name = "events_admin"
    url_prefix = "wydarzenia"
    icon = "date"
    menu_label = gettext_lazy("Zgłoszenia na wydarzenia")
    menu_order = 250
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class CoordinatorMenuItem(MenuItem):
            def is_shown(self, request):
                return may_coordinate(request.user)

        return CoordinatorMenuItem

    def get_urlpatterns(self):
        index = EventDeskIndexView.as_view()
        index_results = EventDeskIndexView.as_view(results_only=True)
        desk = RegistrationDeskView.as_view()
        desk_results = RegistrationDeskView.as_view(results_only=True)
        scoped = in_scope_only
        return [
            path("", index, name="events"),
            path("results/", index_results, name="events_results"),
            path("<int:event_id>/", desk, name="registrations"),
            path("<int:event_id>/results/", desk_results, name="registrations_results"),
            path(
                "<int:event_id>/zatwierdz/",
                scoped(admin_actions.approve),
                name="approve",
            ),
            path("<int:event_id>/odrzuc/", scoped(admin_actions.reject), name="reject"),
            path("<int:event_id>/anuluj/", scoped(admin_actions.cancel), name="cancel"),
            path("<int:event_id>/kolejka/", scoped(admin_actions.move), name="move"),
            path("<int:event_id>/dodaj/", scoped(admin_actions.add_person), name="add"),
            path(
                "<int:event_id>/miejsca/",
                scoped(admin_actions.capacity),
                name="capacity",
            ),
            path(
                "<int:event_id>/odwolaj/",
                scoped(admin_actions.cancel_event),
                name="cancel_event",
            ),
            path(
                "<int:event_id>/zamknij/",
                scoped(admin_actions.close_attendance),
                name="close_attendance",
            ),
            path(
                "<int:event_id>/eksport.xlsx",
                scoped(admin_lists.export_participants),
                name="export",
            ),
            path(
                "<int:event_id>/wyzywienie/",
                scoped(admin_lists.catering),
                name="catering",
            ),
            path(
                "<int:event_id>/noclegi/",
                scoped(admin_lists.accommodation),
                name="accommodation",
            ),
            path(
                "<int:event_id>/obecnosc/",
                scoped(admin_lists.attendance),
                name="attendance",
            ),
            path(
                "<int:event_id>/obecnosc/korekta/",
                scoped(admin_lists.attendance_correct_view),
                name="attendance_correct",
            ),
            path(
                "<int:event_id>/dokumenty/",
                scoped(admin_documents.documents),
                name="documents",
            ),
            path(
                "<int:event_id>/dokumenty/skan/<int:scan_id>/",
                scoped(admin_documents.scan_download),
                name="scan_download",
            ),
        ]


events_desk_viewset = EventsDeskViewSet()
