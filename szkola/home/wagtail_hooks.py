"""Admin-wide adjustments that belong to no single app."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    # Wagtail's success messages put white text on a green of 3.97:1; the
    # admin is used by public-sector staff and must meet WCAG 2.1 AA (4.5:1).
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
