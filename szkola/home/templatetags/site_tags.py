"""Template helpers for the site's layout and content blocks."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException

register = template.Library()

_IFRAME_OPEN = re.compile(r"<iframe\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_TITLE_ATTR = re.compile(r"\stitle\s*=", re.IGNORECASE)


@register.simple_tag(takes_context=True)
def nav_current(context, href: str) -> str:
    """``aria-current`` for a navigation link: "page" on that very page,
    "true" anywhere below it, nothing elsewhere (and never for "/" below)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if path == href:
        return mark_safe(' aria-current="page"')
    if href != "/" and path.startswith(href):
        return mark_safe(' aria-current="true"')
    return ""


def iframe_with_title(html: str, title: str) -> str:
    """Give every iframe in provider HTML a ``title`` (WCAG 4.1.2) unless it
    has one already."""

    def add_title(match: re.Match) -> str:
        attrs = match.group("attrs")
        if _TITLE_ATTR.search(attrs):
            return match.group(0)
        return f'<iframe title="{escape(title)}"{attrs}>'

    return _IFRAME_OPEN.sub(add_title, html)


@register.simple_tag
def accessible_embed(url: str, title: str) -> str:
    """The provider's embed HTML with a titled iframe and without Wagtail's
    responsive wrapper (its inline style is blocked by the CSP; site.css
    sizes the frame). A link to the material when it cannot be embedded."""
    try:
        embed = embeds.get_embed(url)
    except EmbedException:
        embed = None
    if embed is None or not embed.html:
        return format_html('<a href="{}">{}</a>', url, title)
    # Provider HTML comes from oEmbed endpoints Wagtail trusts; only the
    # iframe tag is touched.
    return mark_safe(iframe_with_title(embed.html, title))  # noqa: S308


@register.filter
def date_range(start, end=None):
    """``{{ event.date_from|date_range:event.date_to }}`` → "30–31
    października 2026" (see szkola.home.dates)."""
    from szkola.home.dates import date_range_text

    return date_range_text(start, end)


@register.filter
def hours(value):
    """``{{ day.hours|hours }}`` → "6 godz.", "6,5 godz." (never "6,0")."""
    from szkola.home.dates import hours_text

    return hours_text(value)


@register.filter
def event_days(days):
    """An event's days with their hours, as ``szkola.home.dates.days_text``."""
    from szkola.home.dates import days_text

    return days_text(days)


@register.simple_tag
def content_lang():
    """`` lang="pl"`` on editor-written content (page titles, leads,
    bodies) when the interface is in another language: the content is
    Polish whatever the interface says (WCAG 2.1, 3.1.2)."""
    from django.conf import settings
    from django.utils import translation

    if translation.get_language() != settings.LANGUAGE_CODE:
        return format_html(' lang="{}"', settings.LANGUAGE_CODE)
    return ""


@register.filter
def pl_content(value):
    """``{{ event.title|pl_content }}``: editor-written Polish inside
    interface wording (a card title, a breadcrumb, a programme item) wrapped
    in ``<span lang="pl">`` when the interface is in another language, so a
    screen reader switches voice for it (WCAG 2.1, 3.1.2). Unchanged in the
    Polish interface. Not for ``<title>`` or attributes, which hold no
    markup."""
    from django.conf import settings
    from django.utils import translation

    if value in (None, "") or translation.get_language() == settings.LANGUAGE_CODE:
        return value
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context) -> str:
        from szkola.home.page_cache import fragment_get, fragment_key, fragment_set

        parts = [str(part.resolve(context)) for part in self.parts]
        key = fragment_key(context.get("request"), parts)
        if key is None:
            return self.nodelist.render(context)
        stored = fragment_get(key)
        if stored is not None:
            return mark_safe(stored)  # noqa: S308 - rendered by this node
        content = self.nodelist.render(context)
        fragment_set(key, str(content))
        return content


@register.tag("shared_fragment")
def shared_fragment(parser, token):
    """``{% shared_fragment "name" value … %}…{% endshared_fragment %}``: a
    piece of a page that reads the same for every reader, kept in the page
    cache under the names and values given (page_cache.fragment_key), so
    signed-in readers share it too. Nothing personal and no form may be
    inside."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, parts)
