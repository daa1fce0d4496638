from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..cache import cached
from ..images import image_url
from ..selectors import my_courses

register = template.Library()


@register.simple_tag(takes_context=True)
def my_courses_summary(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return my_courses(user=user, request=request)


@register.simple_tag
def checked_image(image, filter_spec, alt="", css_class=""):
    """``<img>`` of ``image`` resized by ``filter_spec`` whose address goes
    through the permission-checked image view, never straight to /media/."""
    if not image:
        return ""
    rendition = image.get_rendition(filter_spec)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}"{}>',
        image_url(image, filter_spec),
        rendition.width,
        rendition.height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.simple_tag(takes_context=True)
def lesson_body(context, page):
    """The lesson's StreamField as HTML, rendered once per published revision
    and language (the images, documents and links it names are then not looked
    up on every request). Previews render fresh. Block templates get only the
    page and the request, never anything about the reader: image addresses
    are checked when the image is requested."""
    request = context.get("request")

    def render():
        return str(
            page.body.render_as_block(context={"page": page, "request": request})
        )

    if getattr(request, "is_preview", False) or not page.live_revision_id:
        return mark_safe(render())  # noqa: S308 - block templates escape
    key = f"lesson-body:{page.pk}:{page.live_revision_id}:{get_language()}"
    return mark_safe(cached(key, render))  # noqa: S308 - block templates escape
