"""Admin-wide adjustments that belong to no single app."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    # Wagtail's success messages put white text on a green of 3.97:1; the
    # admin is used by public-sector staff and must meet WCAG 2.1 AA (4.5:1).
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("before_create_page")
def continue_the_autosaved_draft(request, parent_page, page_class):
    """A "new page" form sent again after autosave already created its
    draft (see ``selectors.autosaved_draft_for``) saves or publishes that
    draft through Wagtail's own edit view, with the same permission checks,
    instead of failing with "slug already in use"."""
    if request.method != "POST":
        return None
    from wagtail.admin.views.pages.edit import EditView

    from .selectors import autosaved_draft_for

    draft = autosaved_draft_for(
        request=request, parent_page=parent_page, page_class=page_class
    )
    if draft is None:
        return None
    return EditView.as_view()(request, page_id=draft.pk)


@hooks.register("before_serve_page")
def public_page_may_be_cached(page, request, serve_args, serve_kwargs):
    # Only responses of pages Wagtail serves are kept for anonymous readers;
    # the cache itself decides whether this one can be (page_cache.py).
    from .page_cache import page_cache_allow

    page_cache_allow(request)
