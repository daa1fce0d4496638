"""The coordinator's dashboard panel of the certificates app: completions in
their scope that still wait for a certificate, per course or event."""

from django.db.models import Count, Exists, OuterRef
from wagtail.admin.ui.components import Component

from szkola.home.dashboard import DashboardPanel

from .admin_views import user_may_use_tools
from .models import Certificate, SourceKind
from .selectors import completions_in_scope


def completions_awaiting_certificates(*, user) -> list[dict]:
    """Per source (kind, id, title): how many completions in the user's scope
    have no certificate (a revoked or superseded one counts as issued: those
    are decisions, not waiting). Most waiting first."""
    issued = Certificate.objects.filter(
        user=OuterRef("user"),
        source_kind=OuterRef("source_kind"),
        source_id=OuterRef("source_id"),
    )
    rows = (
        completions_in_scope(user=user)
        .filter(user__isnull=False)
        .exclude(Exists(issued))
        .values("source_kind", "source_id", "source_title")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", "source_title", "source_id")
    )
    labels = dict(SourceKind.choices)
    return [{**row, "kind_label": labels.get(row["source_kind"], "")} for row in rows]


class CompletionsAwaitingPanel(DashboardPanel):
    name = "completions_awaiting_certificates"
    order = 70
    template_name = "certificates/admin/dashboard_panel.html"

    def panel_context(self, *, user) -> dict:
        return {"sources": completions_awaiting_certificates(user=user)}


def dashboard_panels(request) -> list[Component]:
    if user_may_use_tools(request.user):
        return [CompletionsAwaitingPanel(request)]
    return []
