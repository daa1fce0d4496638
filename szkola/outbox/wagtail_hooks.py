"""The outbox in the admin: coordinators see the emails of their
voivodeship (the leader's team and superusers all), filter them by state,
read why one failed and send it again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from szkola.accounts.errors import DomainError
from szkola.accounts.permissions import user_is_coordinator

from .models import OutboundEmail
from .selectors import outbox_for_user
from .services import outbound_resend


def user_may_see_outbox(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user_is_coordinator(user)))


class OutboxPolicy(BasePermissionPolicy):
    """Read-only for coordinators; changes only through the resend action."""

    def user_has_permission(self, user, action):
        return action == "view" and user_may_see_outbox(user)

    def users_with_any_permission(self, actions):
        from szkola.accounts.models import User

        return User.objects.none()


class OutboxIndexView(IndexView):
    def get_base_queryset(self):
        return outbox_for_user(self.request.user)

    def get_edit_url(self, instance):
        return reverse("outbox_admin:detail", args=[instance.pk])


class OutboxViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = gettext_lazy("Wysłane e-maile")
    menu_name = "outbox"
    url_prefix = "poczta"
    url_namespace = "outbox"
    add_to_admin_menu = True
    menu_order = 900
    index_view_class = OutboxIndexView
    form_fields = ["subject"]
    list_display = ["subject", "to", "status", "created_at", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    ordering = ["-created_at"]


register_permission_policy(OutboundEmail, OutboxPolicy(OutboundEmail))
outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox():
    return outbox_viewset


def _email_in_scope(request, pk: int) -> OutboundEmail:
    if not user_may_see_outbox(request.user):
        raise PermissionDenied
    return get_object_or_404(outbox_for_user(request.user), pk=pk)


def detail_view(request, pk: int):
    email = _email_in_scope(request, pk)
    return TemplateResponse(
        request, "outbox/admin/detail.html", {"email": email, "Status": email.Status}
    )


def resend_view(request, pk: int):
    email = _email_in_scope(request, pk)
    if request.method != "POST":
        return redirect("outbox_admin:detail", pk=email.pk)
    try:
        outbound_resend(outbound=email, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Wiadomość wróciła do kolejki wysyłki."))
    return redirect("outbox_admin:detail", pk=email.pk)


@hooks.register("register_admin_urls")
def register_outbox_tools():
    from django.urls import include

    urls = [
        path("<int:pk>/", detail_view, name="detail"),
        path("<int:pk>/wyslij-ponownie/", resend_view, name="resend"),
    ]
    return [
        path(
            "poczta/wiadomosc/",
            include((urls, "outbox_admin"), namespace="outbox_admin"),
        )
    ]
