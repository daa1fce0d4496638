"""One event's registrations at the desk and every registration in the
coordinator's scope: Wagtail listing views with filter sets, columns and the
(formula-safe) spreadsheet export, and the registration desk's viewset."""

import django_filters
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from szkola.accounts.constants import Voivodeship
from szkola.home.exports import SafeSpreadsheetExportMixin

from .admin_access import (
    OUT_OF_SCOPE_MESSAGE,
    DecoratedRows,
    DeskPolicy,
    EventTitleColumn,
    OutOfScope,
    event_in_scope,
    scoped_organiser_choices,
)
from .models import EventPage, EventState, Registration
from .selectors import (
    desk_registrations,
    events_for_coordinator,
    registrations_in_scope,
)

Status = Registration.Status


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


class RegistrationDeskView(DecoratedRows, SafeSpreadsheetExportMixin, IndexView):
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
        self.filters["organiser"].extra["choices"] = scoped_organiser_choices(
            request.user
        )
        self.filters["event"].queryset = events_for_coordinator(user=request.user)


class AllRegistrationsIndexView(DecoratedRows, SafeSpreadsheetExportMixin, IndexView):
    decorate = staticmethod(lambda registration: _decorate_registration(registration))
    any_permission_required = ["view"]
    page_title = gettext_lazy("Wszystkie zgłoszenia")
    is_searchable = True
    paginate_by = 100

    def get_base_queryset(self):
        return registrations_in_scope(user=self.request.user)


register_permission_policy(Registration, DeskPolicy(Registration))
registration_desk_viewset = RegistrationDeskViewSet("registration_desk")
