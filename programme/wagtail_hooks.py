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
from .team_places import team_places_in_scope


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


def _admin_link(url_name: str, text):
    """A list column linking each row to one of the screens in admin_views."""

    def accessor(obj):
        return format_html(
            '<a href="{}">{}</a>', reverse(url_name, args=[obj.pk]), text
        )

    return accessor


class ScopedViewSet(ModelViewSet):
    """A viewset whose list shows only the coordinator's scope, whose create
    and edit views save through ``service`` (as ``service_arg``) and whose
    edit view refuses an object outside ``scope_of``."""

    # A copy would open another voivodeship's record without a scope check.
    copy_view_enabled = False
    service = None
    service_arg = ""
    scope_of = None  # obj -> the voivodeship (or organiser) code it belongs to
    in_scope = None  # (*, user) -> the queryset of the list

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        in_scope, service, service_arg = cls.in_scope, cls.service, cls.service_arg

        class Index(generic.IndexView):
            def get_base_queryset(self):
                return in_scope(user=self.request.user)

        class Create(ServiceSaveMixin, generic.CreateView):
            pass

        class Edit(ServiceSaveMixin, ScopedObjectMixin, generic.EditView):
            pass

        for view in (Create, Edit):
            view.service = staticmethod(service)
            view.service_arg = service_arg
        Edit.scope_of = staticmethod(cls.scope_of)
        cls.index_view_class, cls.add_view_class, cls.edit_view_class = (
            Index,
            Create,
            Edit,
        )


class TeamViewSet(ScopedViewSet):
    model = Team
    service = staticmethod(team_save)
    service_arg = "team"
    scope_of = staticmethod(lambda team: team.voivodeship)
    in_scope = staticmethod(teams_in_scope)
    icon = "group"
    menu_label = _("Zespoły PZK")
    url_prefix = "programme/zespoly"
    url_namespace = "programme_teams"
    edit_handler = ObjectList(Team.panels, base_form_class=TeamForm)
    list_display = [
        "name",
        "gmina",
        "powiat",
        "voivodeship",
        "gmina_animator",
        "powiat_animator",
        Column(
            "members_link",
            label=_("Zespół"),
            accessor=_admin_link("programme_admin:team", _("Członkowie i postępy")),
        ),
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


class TeamPlacesViewSet(ScopedViewSet):
    model = TeamEventPlaces
    service = staticmethod(team_places_save)
    service_arg = "places"
    # The team's voivodeship; the service checks the event's organiser too.
    scope_of = staticmethod(lambda places: places.team.voivodeship)
    in_scope = staticmethod(team_places_in_scope)
    icon = "date"
    menu_label = _("Miejsca dla zespołów")
    url_prefix = "programme/miejsca"
    url_namespace = "programme_places"
    edit_handler = ObjectList(TeamEventPlaces.panels, base_form_class=TeamPlacesForm)
    list_display = ["team", "event", "places"]


class LearningPathViewSet(ScopedViewSet):
    model = LearningPath
    service = staticmethod(path_save)
    service_arg = "path"
    scope_of = staticmethod(lambda the_path: the_path.organiser)
    in_scope = staticmethod(paths_in_scope)
    icon = "list-ol"
    menu_label = _("Ścieżki edukacyjne")
    url_prefix = "programme/sciezki"
    url_namespace = "programme_paths"
    edit_handler = ObjectList(LearningPath.panels, base_form_class=LearningPathForm)
    list_display = [
        "title",
        "organiser",
        "is_open",
        Column("participants", label=_("Uczestnicy")),
        Column("completed", label=_("Ukończyli")),
        Column(
            "progress_link",
            label=_("Postępy"),
            accessor=_admin_link("programme_admin:path", _("Postępy")),
        ),
    ]
    list_filter = ["organiser", "is_open"]
    search_fields = ["title"]


class SupportSessionViewSet(ScopedViewSet):
    model = SupportSession
    service = staticmethod(support_session_save)
    service_arg = "session"
    scope_of = staticmethod(lambda session: session.organiser)
    in_scope = staticmethod(support_sessions_in_scope)
    icon = "user"
    menu_label = _("Coaching i superwizja")
    url_prefix = "programme/wsparcie"
    url_namespace = "programme_sessions"
    edit_handler = ObjectList(SupportSession.panels, base_form_class=SupportSessionForm)
    list_display = [
        "title",
        "kind",
        "provider",
        "starts_at",
        "hours",
        Column("booked", label=_("Zarezerwowano")),
        "capacity",
        Column(
            "attendance_link",
            label=_("Obecność"),
            accessor=_admin_link("programme_admin:session", _("Obecność")),
        ),
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
