"""Admin hooks of the evaluation app: its screens and menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import admin_urls


@hooks.register("register_admin_urls")
def register_evaluation_admin_urls():
    return [
        path(
            "ewaluacja/",
            include((admin_urls(), "evaluation_admin"), namespace="evaluation_admin"),
        )
    ]


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        from szkola.accounts.permissions import user_is_coordinator, user_is_trainer

        user = request.user
        return bool(
            user.is_superuser or user_is_coordinator(user) or user_is_trainer(user)
        )


@hooks.register("register_admin_menu_item")
def register_evaluation_menu_item():
    return EvaluationMenuItem(
        _("Ewaluacja"), reverse("evaluation_admin:index"), icon_name="tasks", order=260
    )
