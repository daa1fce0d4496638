"""The registrations desk in the Wagtail admin (``/admin/wydarzenia/``):
the coordinator's events, each event's registrations (Wagtail listing views
with filter sets and the spreadsheet export), per-row and bulk decisions,
adding a person by hand, changing the number of places, calling the event
off and closing attendance. Destructive actions show what will change on a
confirmation page (GET) and happen on POST. Views are thin: the scope is
checked here and again by every service, which does the writing."""

import django_filters
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from szkola.accounts.constants import Organiser, Voivodeship
from szkola.accounts.errors import AccountError
from szkola.home.exports import FormulaSafeSpreadsheetExportMixin

from . import admin_lists
from .admin_access import (
    OUT_OF_SCOPE_MESSAGE,
    DeskPolicy,
    OutOfScope,
    event_in_scope,
    in_scope_only,
    int_or_zero,
)
from .errors import EventError
from .forms_desk import AddPersonForm, CapacityForm, ReasonForm
from .models import EventPage, EventState, Registration
from .scope import may_coordinate, organisers_in_scope
from .selectors import (
    attendance_close_preview,
    desk_registrations,
    events_for_coordinator,
    registrations_in_scope,
)
from .services import (
    attendance_close,
    event_cancel,
    event_capacity_override,
    registration_add,
    registrations_cancel,
    registrations_decide,
    registrations_reject,
    waitlist_move,
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


class EventDeskIndexView(_Decorated, FormulaSafeSpreadsheetExportMixin, IndexView):
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


class RegistrationDeskView(_Decorated, FormulaSafeSpreadsheetExportMixin, IndexView):
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


class AllRegistrationsIndexView(
    _Decorated, FormulaSafeSpreadsheetExportMixin, IndexView
):
    decorate = staticmethod(lambda registration: _decorate_registration(registration))
    any_permission_required = ["view"]
    page_title = gettext_lazy("Wszystkie zgłoszenia")
    is_searchable = True
    paginate_by = 100

    def get_base_queryset(self):
        return registrations_in_scope(user=self.request.user)


register_permission_policy(Registration, DeskPolicy(Registration))
registration_desk_viewset = RegistrationDeskViewSet("registration_desk")


# --- actions --------------------------------------------------------------------


def _selected_ids(request) -> list[int]:
    """Ids of the rows acted on: one row's button (``only``) or the ticked
    boxes (``registration``); malformed ids become 0, which matches nothing
    and makes the services refuse the whole request."""
    data = request.POST if request.method == "POST" else request.GET
    if data.get("only"):
        return [int_or_zero(data.get("only"))]
    return [int_or_zero(pk) for pk in data.getlist("registration")]


def _desk(event) -> str:
    return reverse("events_admin:registrations", args=[event.pk])


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def approve(request, event_id: int):
    """Approve pending registrations: a summary on GET (for the ticked
    boxes), done on POST (also straight from one row's button)."""
    event = event_in_scope(request, event_id)
    ids = _selected_ids(request)
    if not ids:
        messages.warning(request, _("Zaznacz co najmniej jedno zgłoszenie."))
        return redirect(_desk(event))
    if request.method == "POST":
        try:
            changed = registrations_decide(
                event=event, registration_ids=ids, actor=request.user, approve=True
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Zatwierdzono %(n)s zgłoszenie.",
                    "Zatwierdzono zgłoszeń: %(n)s.",
                    changed,
                )
                % {"n": changed},
            )
        return redirect(_desk(event))
    rows = list(
        Registration.objects.filter(event=event, pk__in=ids).order_by(
            "participant_name", "pk"
        )
    )
    if len(rows) != len(set(ids)):
        messages.warning(request, _("Nie znaleziono zgłoszenia."))
        return redirect(_desk(event))
    return _confirm(
        request,
        event=event,
        title=_("Zatwierdzenie zgłoszeń"),
        intro=_(
            "Te zgłoszenia zostaną potwierdzone; każda osoba dostanie "
            "powiadomienie i e-mail z plikiem kalendarza."
        ),
        items=[
            f"{r.participant_name} — {r.institution_name or r.user.email}"
            for r in rows
            if r.status == Status.PENDING
        ],
        unchanged=[
            f"{r.participant_name} ({r.get_status_display()})"
            for r in rows
            if r.status != Status.PENDING
        ],
        button=_("Zatwierdź zgłoszenia"),
        ids=ids,
        danger=False,
    )


def move(request, event_id: int):
    event = event_in_scope(request, event_id)
    if refused := _post_only(request):
        return refused
    direction, _sep, pk = request.POST.get("move", "").partition("-")
    registration = Registration.objects.filter(pk=int_or_zero(pk), event=event).first()
    if direction not in ("up", "down") or registration is None:
        messages.error(request, _("Nie znaleziono zgłoszenia."))
        return redirect(_desk(event))
    try:
        waitlist_move(
            registration=registration, actor=request.user, up=direction == "up"
        )
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zmieniono kolejność listy rezerwowej."))
    return redirect(_desk(event))


def _confirm(
    request,
    *,
    event,
    title: str,
    intro: str,
    items: list[str],
    unchanged: list[str] = (),
    form=None,
    button: str,
    ids: list[int] = (),
    danger: bool = True,
):
    return TemplateResponse(
        request,
        "events/admin/confirm.html",
        {
            "event": event,
            "title": title,
            "intro": intro,
            "items": items,
            "unchanged": list(unchanged),
            "form": form,
            "button": button,
            "ids": ids,
            "danger": danger,
            "back_url": _desk(event),
        },
    )


def _decision_view(request, event_id: int, *, kind: str):
    """Reject or cancel the chosen registrations: the confirmation lists who
    changes and who does not, the reason is required and sent to each."""
    event = event_in_scope(request, event_id)
    ids = _selected_ids(request)
    rows = list(
        Registration.objects.filter(event=event, pk__in=ids).order_by(
            "participant_name", "pk"
        )
    )
    if not ids or len(rows) != len(set(ids)):
        messages.warning(
            request,
            _("Zaznacz co najmniej jedno zgłoszenie.")
            if not ids
            else _("Nie znaleziono zgłoszenia."),
        )
        return redirect(_desk(event))
    if kind == "reject":
        acts = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
        title = _("Odrzucenie zgłoszeń")
        intro = _(
            "Te zgłoszenia zostaną odrzucone; każda osoba dostanie powiadomienie "
            "i e-mail z uzasadnieniem. Zwolnione miejsca przejdą na osoby z listy "
            "rezerwowej."
        )
        button = _("Odrzuć zgłoszenia")
        service = registrations_reject
    else:
        acts = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
        title = _("Anulowanie zgłoszeń")
        intro = _(
            "Te zgłoszenia zostaną anulowane; każda osoba dostanie powiadomienie "
            "i e-mail z uzasadnieniem. Zwolnione miejsca przejdą na osoby z listy "
            "rezerwowej."
        )
        button = _("Anuluj zgłoszenia")
        service = registrations_cancel
    changing = [r for r in rows if r.status in acts]
    unchanged = [
        f"{r.participant_name} ({r.get_status_display()})"
        for r in rows
        if r.status not in acts
    ]
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = service(
                event=event,
                registration_ids=ids,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            if kind == "reject":
                done = ngettext(
                    "Odrzucono %(n)s zgłoszenie.", "Odrzucono zgłoszeń: %(n)s.", changed
                )
            else:
                done = ngettext(
                    "Anulowano %(n)s zgłoszenie.", "Anulowano zgłoszeń: %(n)s.", changed
                )
            messages.success(request, done % {"n": changed})
            return redirect(_desk(event))
    return _confirm(
        request,
        event=event,
        title=title,
        intro=intro,
        items=[
            f"{r.participant_name} — {r.institution_name or r.user.email} "
            f"({r.get_status_display()})"
            for r in changing
        ],
        unchanged=unchanged,
        form=form,
        button=button,
        ids=ids,
    )


def reject(request, event_id: int):
    return _decision_view(request, event_id, kind="reject")


def cancel(request, event_id: int):
    return _decision_view(request, event_id, kind="cancel")


def cancel_event(request, event_id: int):
    event = event_in_scope(request, event_id)
    state = EventState.objects.filter(event=event).first()
    if state and state.cancelled_at:
        messages.error(request, _("To wydarzenie zostało już odwołane."))
        return redirect(_desk(event))
    active = list(
        Registration.objects.filter(event=event)
        .filter(Q(status__in=Registration.HOLDING) | Q(status=Status.WAITLISTED))
        .order_by("participant_name", "pk")
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = event_cancel(
                event=event, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Wydarzenie odwołane; anulowano %(n)s zgłoszenie.",
                    "Wydarzenie odwołane; anulowano zgłoszeń: %(n)s.",
                    count,
                )
                % {"n": count},
            )
            return redirect(_desk(event))
    return _confirm(
        request,
        event=event,
        title=_("Odwołanie wydarzenia"),
        intro=ngettext(
            "Wydarzenie zostanie odwołane, a %(n)s aktywne zgłoszenie anulowane; "
            "osoba dostanie powiadomienie i e-mail z powodem.",
            "Wydarzenie zostanie odwołane, a aktywne zgłoszenia (%(n)s) anulowane; "
            "każda osoba dostanie powiadomienie i e-mail z powodem.",
            len(active),
        )
        % {"n": len(active)},
        items=[f"{r.participant_name} ({r.get_status_display()})" for r in active],
        form=form,
        button=_("Odwołaj wydarzenie"),
    )


def close_attendance(request, event_id: int):
    event = event_in_scope(request, event_id)
    if not (event.ends_at() and timezone.now() >= event.ends_at()):
        messages.error(
            request, _("Listę obecności zamkniesz po ostatnim dniu wydarzenia.")
        )
        return redirect(_desk(event))
    if request.method == "POST":
        try:
            completed = attendance_close(event=event, actor=request.user)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Lista obecności zamknięta. Ukończyło: %(n)s.") % {"n": completed},
            )
        return redirect(_desk(event))
    preview = attendance_close_preview(event=event)
    return _confirm(
        request,
        event=event,
        title=_("Zamknięcie listy obecności"),
        intro=_(
            "Osoby spełniające warunek obecności ukończą wydarzenie (to "
            "otwiera wydanie zaświadczeń). Korekty obecności są możliwe i po "
            "zamknięciu; ponowne zamknięcie je uwzględni."
        ),
        items=[
            _("%(name)s — ukończy") % {"name": r.participant_name}
            for r in preview["completing"]
        ],
        unchanged=[
            _("%(name)s — nie spełnia warunku obecności") % {"name": r.participant_name}
            for r in preview["not_meeting"]
        ]
        + [
            _("%(name)s — już ukończone") % {"name": r.participant_name}
            for r in preview["already"]
        ],
        button=_("Zamknij listę obecności"),
    )


def add_person(request, event_id: int):
    """A phone or walk-in registration, for an existing account (by email,
    with suggestions from the coordinator's voivodeship) or a new one."""
    event = event_in_scope(request, event_id)
    query = ""
    if request.method == "POST" and ("find" in request.POST or "pick" in request.POST):
        # Looking an account up, or picking one found: nothing is added yet.
        initial = request.POST.dict()
        initial["nights"] = request.POST.getlist("nights")
        if "pick" in request.POST:
            initial["email"] = request.POST["pick"]
        else:
            query = request.POST.get("email", "")
        form = AddPersonForm(initial=initial, event=event, user=request.user)
    else:
        form = AddPersonForm(
            request.POST if request.method == "POST" else None,
            event=event,
            user=request.user,
        )
    if form.is_bound and form.is_valid():
        try:
            registration = _add_person(request, event, form)
        except (EventError, AccountError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Dopisano: %(name)s (%(status)s).")
                % {
                    "name": registration.participant_name,
                    "status": registration.get_status_display(),
                },
            )
            return redirect(_desk(event))
    return TemplateResponse(
        request,
        "events/admin/add_person.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "matches": form.matches(query) if query else [],
        },
    )


def _add_person(request, event, form) -> Registration:
    from django.db import transaction

    from szkola.accounts.invitations import user_invite

    data = form.cleaned_data
    # One transaction: a new account is kept only with its registration.
    with transaction.atomic():
        user = form.existing_user
        if user is None:
            user = user_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=request.user,
                institution_name=data["institution_name"],
                institution_sector=data["institution_sector"],
                position=data["position"],
                gmina=data["gmina"],
                powiat=data["powiat"],
                voivodeship=data["voivodeship"],
            )
        return registration_add(
            event=event,
            actor=request.user,
            user=user,
            channel=data["channel"],
            nights=data.get("nights") or [],
            meals=data["meals"],
            diet=data["diet"],
            diet_notes=data["diet_notes"],
            accessibility_needs=data["accessibility_needs"],
            waitlist_if_full=data["waitlist_if_full"],
        )


def capacity(request, event_id: int):
    """The coordinator's deliberate change of the number of places."""
    event = event_in_scope(request, event_id)
    state = EventState.objects.filter(event=event).first()
    taken = Registration.objects.filter(Registration.holding_q(), event=event).count()
    current = state.capacity_for(event) if state else event.capacity
    form = CapacityForm(
        request.POST if request.method == "POST" else None,
        initial={"capacity": current},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _state, promoted = event_capacity_override(
                event=event,
                actor=request.user,
                capacity=form.cleaned_data["capacity"],
                reason=form.cleaned_data["reason"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            message = _("Liczba miejsc: %(n)s.") % {"n": form.cleaned_data["capacity"]}
            if promoted:
                message += " " + ngettext(
                    "Z listy rezerwowej przeszła %(n)s osoba.",
                    "Z listy rezerwowej przeszło osób: %(n)s.",
                    promoted,
                ) % {"n": promoted}
            messages.success(request, message)
            return redirect(_desk(event))
    return TemplateResponse(
        request,
        "events/admin/capacity.html",
        {
            "event": event,
            "state": state,
            "form": form,
            "current": current,
            "taken": taken,
            "confirmed": Registration.objects.filter(
                event=event, status=Status.CONFIRMED
            ).count(),
        },
    )


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
            path("<int:event_id>/zatwierdz/", scoped(approve), name="approve"),
            path("<int:event_id>/odrzuc/", scoped(reject), name="reject"),
            path("<int:event_id>/anuluj/", scoped(cancel), name="cancel"),
            path("<int:event_id>/kolejka/", scoped(move), name="move"),
            path("<int:event_id>/dodaj/", scoped(add_person), name="add"),
            path("<int:event_id>/miejsca/", scoped(capacity), name="capacity"),
            path("<int:event_id>/odwolaj/", scoped(cancel_event), name="cancel_event"),
            path(
                "<int:event_id>/zamknij/",
                scoped(close_attendance),
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
        ]


events_desk_viewset = EventsDeskViewSet()
