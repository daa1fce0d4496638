"""The base of the apps' panels on the staff dashboard (Wagtail's home)."""

from wagtail.admin.ui.components import Component


class DashboardPanel(Component):
    """A panel for the signed-in user: a subclass names its ``name``,
    ``order`` and ``template_name`` and gives its template's context in
    ``panel_context``."""

    class Media:
        css = {"all": ["css/staff-dashboard.css"]}

    def __init__(self, request):
        self.request = request

    def panel_context(self, *, user) -> dict:
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context.update(self.panel_context(user=self.request.user))
        return context
