"""Small site-wide views."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to
    the icon (resolved per request, so the hashed static name is current)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
