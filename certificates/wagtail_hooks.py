"""Wagtail admin: certificate templates (snippets with revisions and a live
preview), the register of issued certificates with filters and XLSX export,
and the coordinator tools (issue, bulk issue, re-issue, revoke, downloads)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from szkola.home.exports import SafeSpreadsheetExportMixin

from .admin_views import admin_urls, user_may_use_tools
from .models import Certificate, CertificateTemplate, IssuingBody
from .selectors import certificates_in_scope


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Szablony zaświadczeń")
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["title", "language", "kind", "is_default"]
    list_filter = ["language", "kind", "is_default"]


register_snippet(CertificateTemplateViewSet)


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "site"
    menu_label = _("Instytucje wydające")
    add_to_admin_menu = False
    list_display = ["name", "organiser", "place_of_issue"]


register_snippet(IssuingBodyViewSet)


class RegisterPolicy(BasePermissionPolicy):
    """Coordinators and superusers read the register; nobody edits an issued
    certificate through a form (changes go through the services)."""

    def user_has_permission(self, user, action):
        return action == "view" and user_may_use_tools(user)

    def users_with_any_permission(self, actions):
        from szkola.accounts.models import User

        return User.objects.none()


class RegisterIndexView(SafeSpreadsheetExportMixin, IndexView):
    export_sheet_title = _("Rejestr zaświadczeń")

    def get_base_queryset(self):
        return certificates_in_scope(user=self.request.user)

    def get_edit_url(self, instance):
        return reverse("certificates_admin:detail", args=[instance.pk])


class CertificateRegisterViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Rejestr wydanych zaświadczeń")
    menu_name = "certificate-register"
    url_prefix = "certyfikaty/rejestr"
    url_namespace = "certificate_register"
    add_to_admin_menu = True
    menu_order = 300
    index_view_class = RegisterIndexView
    form_fields = ["revoked_reason"]
    list_display = [
        "number",
        "recipient_name",
        "title",
        "hours",
        "issued_at",
        "status_label",
    ]
    list_filter = ["year", "source_kind", "organiser", "language"]
    search_fields = ["number", "recipient_name", "title"]
    list_export = [
        "number",
        "recipient_name",
        "title",
        "source_kind_label",
        "hours",
        "date_from",
        "date_to",
        "place",
        "organiser_label",
        "issued_at",
        "issued_by_name",
        "status_label",
        "revoked_at",
        "revoked_reason",
        "pdf_sha256",
    ]
    export_headings = {
        "number": _("Numer"),
        "recipient_name": _("Imię i nazwisko"),
        "title": _("Tytuł"),
        "source_kind_label": _("Rodzaj"),
        "hours": _("Godziny"),
        "date_from": _("Od"),
        "date_to": _("Do"),
        "place": _("Miejsce"),
        "organiser_label": _("Organizator"),
        "issued_at": _("Wydano"),
        "issued_by_name": _("Wydał(a)"),
        "status_label": _("Status"),
        "revoked_at": _("Unieważniono"),
        "revoked_reason": _("Powód unieważnienia"),
        "pdf_sha256": _("SHA-256 pliku PDF"),
    }
    export_filename = "rejestr-zaswiadczen"
    ordering = ["-year", "-sequence"]


register_permission_policy(Certificate, RegisterPolicy(Certificate))
register_viewset = CertificateRegisterViewSet("certificate_register")


@hooks.register("register_admin_viewset")
def register_certificate_register():
    return register_viewset


@hooks.register("register_admin_urls")
def register_certificate_tools():
    return [
        path(
            "certyfikaty/narzedzia/",
            include(
                (admin_urls(), "certificates_admin"), namespace="certificates_admin"
            ),
        )
    ]


class ToolsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_use_tools(request.user)


@hooks.register("register_admin_menu_item")
def register_bulk_menu_item():
    return ToolsMenuItem(
        _("Wydaj zaświadczenia"),
        reverse("certificates_admin:bulk"),
        icon_name="doc-full",
        order=301,
    )


@hooks.register("construct_homepage_panels")
def add_completions_awaiting_panel(request, panels):
    from .dashboard import dashboard_panels

    panels.extend(dashboard_panels(request))
