"""Wagtail admin: teams, team places at events, learning paths and support
sessions as viewsets scoped to the coordinator's voivodeship, saved through
the services; plus the screens in admin_views (team members, path progress,
session attendance)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from szkola.accounts.errors import DomainError
from szkola.accounts.permissions import user_may_act_on_voivodeship

from .admin_forms import LearningPathForm, SupportSessionForm, TeamForm, TeamPlacesForm
from .admin_views import admin_urls
from .models import LearningPath, SupportSession, Team, TeamEventPlaces
from .selectors import paths_in_scope, teams_in_scope
from .services import path_save, support_session_save, team_places_save, team_save
from .support_selectors import support_sessions_in_scope


class ServiceSaveMixin:
    """Create and edit views that save through the app's service (scope,
    rules, audit) and show a refusal on the form, changing nothing."""

    service = None

    def save_instance(self):
        instance = self.form.save(commit=False)
        return type(self).service(
            actor=self.request.user, **{self.service_arg: instance}
        )

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return self.save_action()


class ScopedObjectMixin:
    """An object of another voivodeship is refused, whatever the URL."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not user_may_act_on_voivodeship(self.request.user, self.scope_of(obj)):
            raise PermissionDenied
        return obj


def _views(model_service, arg, scope_of, queryset):
    class Index(generic.IndexView):
        def get_base_queryset(self):
            return queryset(user=self.request.user)

    class Create(ServiceSaveMixin, generic.CreateView):
        service = model_service
        service_arg = arg

    class Edit(ServiceSaveMixin, ScopedObjectMixin, generic.EditView):
        service = model_service
        service_arg = arg

    Edit.scope_of = staticmethod(scope_of)
    return Index, Create, Edit


def _team_link(team):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("programme_admin:team", args=[team.pk]),
        _("Członkowie i postępy"),
    )


TeamIndex, TeamCreate, TeamEdit = _views(
    team_save, "team", lambda t: t.voivodeship, teams_in_scope
)


class TeamViewSet(ModelViewSet):
    # A copy would open another voivodeship's record without a scope check.
    copy_view_enabled = False
    model = Team
    icon = "group"
    menu_label = _("Zespoły PZK")
    url_prefix = "programme/zespoly"
    url_namespace = "programme_teams"
    index_view_class = TeamIndex
    add_view_class = TeamCreate
    edit_view_class = TeamEdit
    edit_handler = ObjectList(Team.panels, base_form_class=TeamForm)
    list_display = [
        "name",
        "gmina",
        "powiat",
        "voivodeship",
        "gmina_animator",
        "powiat_animator",
        Column("members_link", label=_("Zespół"), accessor=_team_link),
    ]
    list_filter = ["voivodeship"]
    search_fields = ["name", "gmina", "powiat"]
    list_export = [
        "name",
        "gmina",
        "gmina_teryt",
        "powiat",
        "powiat_teryt",
        "voivodeship",
    ]
    export_filename = "zespoly-pzk"


def _places_scope(places):
    # The event's organiser decides; the team's voivodeship is checked by the
    # service too.
    return places.event.specific.organiser if places.event_id else ""


def _places_in_scope(*, user):
    from szkola.accounts.permissions import user_voivodeships_in_scope

    rows = TeamEventPlaces.objects.select_related("team", "event")
    scope = user_voivodeships_in_scope(user)
    return rows if scope is None else rows.filter(team__voivodeship__in=scope)


PlacesIndex, PlacesCreate, PlacesEdit = _views(
    team_places_save, "places", lambda p: p.team.voivodeship, _places_in_scope
)


class TeamPlacesViewSet(ModelViewSet):
    # A copy would open another voivodeship's record without a scope check.
    copy_view_enabled = False
    model = TeamEventPlaces
    icon = "date"
    menu_label = _("Miejsca dla zespołów")
    url_prefix = "programme/miejsca"
    url_namespace = "programme_places"
    index_view_class = PlacesIndex
    add_view_class = PlacesCreate
    edit_view_class = PlacesEdit
    edit_handler = ObjectList(TeamEventPlaces.panels, base_form_class=TeamPlacesForm)
    list_display = ["team", "event", "places"]


def _path_link(the_path):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("programme_admin:path", args=[the_path.pk]),
        _("Postępy"),
    )


PathIndex, PathCreate, PathEdit = _views(
    path_save, "path", lambda p: p.organiser, paths_in_scope
)


class LearningPathViewSet(ModelViewSet):
    # A copy would open another voivodeship's record without a scope check.
    copy_view_enabled = False
    model = LearningPath
    icon = "list-ol"
    menu_label = _("Ścieżki edukacyjne")
    url_prefix = "programme/sciezki"
    url_namespace = "programme_paths"
    index_view_class = PathIndex
    add_view_class = PathCreate
    edit_view_class = PathEdit
    edit_handler = ObjectList(LearningPath.panels, base_form_class=LearningPathForm)
    list_display = [
        "title",
        "organiser",
        "is_open",
        Column("participants", label=_("Uczestnicy")),
        Column("completed", label=_("Ukończyli")),
        Column("progress_link", label=_("Postępy"), accessor=_path_link),
    ]
    list_filter = ["organiser", "is_open"]
    search_fields = ["title"]


def _session_link(session):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("programme_admin:session", args=[session.pk]),
        _("Obecność"),
    )


SessionIndex, SessionCreate, SessionEdit = _views(
    support_session_save, "session", lambda s: s.organiser, support_sessions_in_scope
)


class SupportSessionViewSet(ModelViewSet):
    # A copy would open another voivodeship's record without a scope check.
    copy_view_enabled = False
    model = SupportSession
    icon = "user"
    menu_label = _("Coaching i superwizja")
    url_prefix = "programme/wsparcie"
    url_namespace = "programme_sessions"
    index_view_class = SessionIndex
    add_view_class = SessionCreate
    edit_view_class = SessionEdit
    edit_handler = ObjectList(SupportSession.panels, base_form_class=SupportSessionForm)
    list_display = [
        "title",
        "kind",
        "provider",
        "starts_at",
        "hours",
        Column("booked", label=_("Zarezerwowano")),
        "capacity",
        Column("attendance_link", label=_("Obecność"), accessor=_session_link),
    ]
    list_filter = ["kind", "organiser", "mode"]
    search_fields = ["title"]
    list_export = [
        "title",
        "kind",
        "provider",
        "starts_at",
        "ends_at",
        "hours",
        "capacity",
        "organiser",
    ]
    export_filename = "sesje-wsparcia"


class ProgrammeGroup(ViewSetGroup):
    menu_label = _("Program (PZK, ścieżki)")
    menu_icon = "group"
    menu_order = 260
    items = (TeamViewSet, TeamPlacesViewSet, LearningPathViewSet, SupportSessionViewSet)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeGroup()


@hooks.register("register_admin_urls")
def register_programme_admin_urls():
    return [
        path(
            "programme/",
            include((admin_urls(), "programme_admin"), namespace="programme_admin"),
        )
    ]
