"""The registrations desk in the Wagtail admin (``/admin/wydarzenia/``): the
coordinator's events, each event's registrations and every registration in
scope, as Wagtail listing views with filter sets and the (formula-safe)
spreadsheet export, and the URLs of the desk. The actions are in
``admin_actions``, the per-event lists in ``admin_lists``."""

import django_filters
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from szkola.accounts.constants import Organiser, Voivodeship
from szkola.home.exports import SafeSpreadsheetExportMixin

from . import admin_actions, admin_documents, admin_lists
from .admin_access import (
    OUT_OF_SCOPE_MESSAGE,
    DeskPolicy,
    OutOfScope,
    event_in_scope,
    in_scope_only,
)
from .models import EventPage, EventState, Registration
from .scope import may_coordinate, organisers_in_scope
from .selectors import (
    desk_registrations,
    events_for_coordinator,
    registrations_in_scope,
)

Status = Registration.Status

# Kept for callers outside this module (menus, other apps' hooks).
user_may_coordinate = may_coordinate


def _scoped_organiser_choices(user) -> list[tuple[str, str]]:
    scope = organisers_in_scope(user)
    return [
        (value, label)
        for value, label in Organiser.choices
        if scope is None or value in scope
    ]


# --- the coordinator's events -------------------------------------------------


class _Decorated:
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
        self.filters["organiser"].extra["choices"] = _scoped_organiser_choices(
            request.user
        )

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(days__date__gte=today).distinct()
        if value == "past":
            return queryset.exclude(days__date__gte=today)
        return queryset


class EventTitleColumn(Column):
    cell_template_name = "events/admin/cells/event_title.html"


class EventDeskIndexView(_Decorated, SafeSpreadsheetExportMixin, IndexView):
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


# --- one event's registrations -------------------------------------------------


class DeskFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Status.choices
    )
    voivodeship = django_filters.ChoiceFilter(
        label=gettext_lazy("Województwo uczestnika"), choices=[]
    )
    needs = django_filters.ChoiceFilter(
        label=gettext_lazy("Potrzeby"),
        choices=[
            ("nights", gettext_lazy("nocleg")),
            ("diet", gettext_lazy("dieta inna niż tradycyjna")),
            ("accessibility", gettext_lazy("dostępność")),
        ],
        method="filter_needs",
    )
    added = django_filters.BooleanFilter(
        label=gettext_lazy("Dopisane przez koordynatora"), method="filter_added"
    )

    class Meta:
        model = Registration
        fields = ["status", "voivodeship"]

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the voivodeships of this event's participants: nothing to
        # learn about others, and no empty choices.
        present = set(
            Registration.objects.filter(event=event).values_list(
                "voivodeship", flat=True
            )
        )
        self.filters["voivodeship"].extra["choices"] = [
            (value, label) for value, label in Voivodeship.choices if value in present
        ]

    def filter_needs(self, queryset, name, value):
        if value == "nights":
            return queryset.exclude(nights=[])
        if value == "diet":
            return queryset.filter(meals=True).exclude(diet="standard")
        if value == "accessibility":
            return queryset.exclude(accessibility_needs="")
        return queryset

    def filter_added(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(added_by__isnull=not value)


class SelectColumn(Column):
    cell_template_name = "events/admin/cells/select.html"
    header_template_name = "events/admin/cells/select_header.html"


class ParticipantColumn(Column):
    cell_template_name = "events/admin/cells/participant.html"


class StatusColumn(Column):
    cell_template_name = "events/admin/cells/status.html"


class NeedsColumn(Column):
    cell_template_name = "events/admin/cells/needs.html"


class RowActionsColumn(Column):
    cell_template_name = "events/admin/cells/actions.html"

    def get_cell_context_data(self, instance, parent_context):
        from django.middleware.csrf import get_token

        context = super().get_cell_context_data(instance, parent_context)
        # Cells render outside the page's context: the row's POST forms
        # need the token passed in.
        context["csrf_token"] = get_token(parent_context["request"])
        return context


REGISTRATION_EXPORT = [
    "participant_name",
    "user.email",
    "status_label",
    "institution_name",
    "sector_label",
    "position",
    "gmina",
    "powiat",
    "voivodeship_label",
    "nights_label",
    "meals_label",
    "diet_notes",
    "accessibility_needs",
    "decision_reason",
    "added_label",
    "created_at",
]
REGISTRATION_HEADINGS = {
    "participant_name": gettext_lazy("Imię i nazwisko"),
    "user.email": gettext_lazy("E-mail"),
    "status_label": gettext_lazy("Status"),
    "institution_name": gettext_lazy("Instytucja"),
    "sector_label": gettext_lazy("Sektor"),
    "position": gettext_lazy("Stanowisko"),
    "gmina": gettext_lazy("Gmina"),
    "powiat": gettext_lazy("Powiat"),
    "voivodeship_label": gettext_lazy("Województwo"),
    "nights_label": gettext_lazy("Noclegi"),
    "meals_label": gettext_lazy("Wyżywienie"),
    "diet_notes": gettext_lazy("Uwagi o diecie"),
    "accessibility_needs": gettext_lazy("Dostępność"),
    "decision_reason": gettext_lazy("Uzasadnienie decyzji"),
    "added_label": gettext_lazy("Dopisane przez koordynatora"),
    "created_at": gettext_lazy("Zgłoszono"),
    "event.title": gettext_lazy("Wydarzenie"),
    "event_organiser_label": gettext_lazy("Organizator"),
}


def _decorate_registration(registration: Registration) -> Registration:
    registration.status_label = registration.get_status_display()
    registration.sector_label = registration.get_institution_sector_display()
    registration.voivodeship_label = registration.get_voivodeship_display()
    registration.nights_label = ", ".join(
        f"{n[8:10]}.{n[5:7]}.{n[0:4]}" for n in registration.nights or []
    )
    registration.meals_label = (
        registration.get_diet_display() if registration.meals else _("nie")
    )
    registration.added_label = _("tak") if registration.added_by_id else ""
    registration.event_organiser_label = registration.event.get_organiser_display()
    registration.created_at_local = timezone.localtime(registration.created_at)
    return registration


class RegistrationDeskView(_Decorated, SafeSpreadsheetExportMixin, IndexView):
    """The registrations of one event, with filters, per-row and bulk actions
    and the spreadsheet export of what the filters show."""

    decorate = staticmethod(lambda registration: _decorate_registration(registration))

    model = Registration
    permission_policy = DeskPolicy(Registration)
    any_permission_required = ["view"]
    template_name = "events/admin/registrations.html"
    results_template_name = "events/admin/registrations_results.html"
    header_icon = "date"
    filterset_class = DeskFilterSet
    search_fields = ["participant_name", "institution_name", "user__email"]
    is_searchable = True
    paginate_by = 100
    columns = [
        SelectColumn("select", label=gettext_lazy("Zaznacz")),
        ParticipantColumn("participant_name", label=gettext_lazy("Uczestnik")),
        Column("institution_name", label=gettext_lazy("Instytucja")),
        Column("voivodeship_label", label=gettext_lazy("Województwo")),
        StatusColumn("status_label", label=gettext_lazy("Status")),
        NeedsColumn("needs", label=gettext_lazy("Potrzeby")),
        RowActionsColumn("actions", label=gettext_lazy("Czynności")),
    ]
    list_export = REGISTRATION_EXPORT
    export_headings = REGISTRATION_HEADINGS

    def dispatch(self, request, *args, **kwargs):
        try:
            self.event = event_in_scope(request, kwargs["event_id"])
        except OutOfScope:
            messages.error(request, OUT_OF_SCOPE_MESSAGE)
            return redirect("events_admin:events")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Zgłoszenia")

    def get_page_subtitle(self):
        return self.event.title

    def get_filename(self):
        return f"zgloszenia-{self.event.pk}"

    def get_index_url(self):
        return reverse("events_admin:registrations", args=[self.event.pk])

    def get_index_results_url(self):
        return reverse("events_admin:registrations_results", args=[self.event.pk])

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "event": self.event}

    def get_base_queryset(self):
        return desk_registrations(event=self.event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = EventState.objects.filter(event=self.event).first()
        counts = dict(
            Registration.objects.filter(event=self.event)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        context.update(
            {
                "event": self.event,
                "state": state,
                "capacity": state.capacity_for(self.event) if state else None,
                "counts": [
                    (label, counts.get(value, 0)) for value, label in Status.choices
                ],
                "is_over": bool(
                    self.event.ends_at() and timezone.now() >= self.event.ends_at()
                ),
            }
        )
        if context["capacity"] is None:
            context["capacity"] = self.event.capacity
        return context


class RegistrationDeskViewSet(ModelViewSet):
    """Every registration of the events the user coordinates, across events,
    with the organiser filter limited to their scope, and its export."""

    model = Registration
    icon = "list-ul"
    menu_label = gettext_lazy("Wszystkie zgłoszenia")
    url_prefix = "wydarzenia/zgloszenia"
    url_namespace = "registration_desk"
    add_to_admin_menu = False
    # Never routed (see get_urlpatterns), but the viewset builds its views.
    form_fields = ["decision_reason"]
    list_display = [
        ParticipantColumn("participant_name", label=gettext_lazy("Uczestnik")),
        EventTitleColumn("event", label=gettext_lazy("Wydarzenie")),
        Column("event_organiser_label", label=gettext_lazy("Organizator")),
        Column("institution_name", label=gettext_lazy("Instytucja")),
        StatusColumn("status_label", label=gettext_lazy("Status")),
        NeedsColumn("needs", label=gettext_lazy("Potrzeby")),
    ]
    list_export = ["event.title", "event_organiser_label", *REGISTRATION_EXPORT]
    export_headings = REGISTRATION_HEADINGS
    export_filename = "zgloszenia"
    search_fields = ["participant_name", "institution_name", "user__email"]

    @property
    def index_view_class(self):
        return AllRegistrationsIndexView

    @property
    def filterset_class(self):
        return AllRegistrationsFilterSet

    def get_urlpatterns(self):
        # Only the listing: every change happens on an event's desk.
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in ("index", "index_results")
        ]


class AllRegistrationsFilterSet(WagtailFilterSet):
    organiser = django_filters.ChoiceFilter(
        label=gettext_lazy("Województwo (organizator)"),
        choices=[],
        field_name="event__organiser",
    )
    event = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Wydarzenie"), queryset=EventPage.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Status.choices
    )

    class Meta:
        model = Registration
        fields = ["status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # The voivodeships in the user's scope only, and only their events:
        # an id of another organiser's event is not a valid choice.
        self.filters["organiser"].extra["choices"] = _scoped_organiser_choices(
            request.user
        )
        self.filters["event"].queryset = events_for_coordinator(user=request.user)


class AllRegistrationsIndexView(_Decorated, SafeSpreadsheetExportMixin, IndexView):
    decorate = staticmethod(lambda registration: _decorate_registration(registration))
    any_permission_required = ["view"]
    page_title = gettext_lazy("Wszystkie zgłoszenia")
    is_searchable = True
    paginate_by = 100

    def get_base_queryset(self):
        return registrations_in_scope(user=self.request.user)


register_permission_policy(Registration, DeskPolicy(Registration))
registration_desk_viewset = RegistrationDeskViewSet("registration_desk")


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
