from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation


def _chosen_language(request) -> str:
    """The language chosen with the switch (its cookie), else Polish."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class PolishFirstLocaleMiddleware:
    """Polish for everyone unless they chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    social worker with an English-language browser would get the English
    interface without asking. Here only the explicit choice (the language
    cookie set by ``set_language``) counts; otherwise LANGUAGE_CODE applies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = _chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a wider policy for the Wagtail admin only."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_update"):
            response._csp_update = settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA
        return super().process_response(request, response)


class MalformedRequestMiddleware:
    """Answer 400 to a NUL byte anywhere in the path or the query string.

    PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"),
    so such a value reaching any lookup (a verification code, a calendar
    token, an admin search) would end as a server error. No address of the
    site ever contains one, so the request is refused before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if (
            "\x00" in request.path
            or "\x00" in request.path_info
            or "%00" in query
            or "\x00" in query
            or any("\x00" in key or "\x00" in value for key, value in _pairs(request))
        ):
            from django.http import HttpResponseBadRequest
            from django.template.loader import render_to_string

            # Refused before the locale middleware has run: choose the
            # language the same way, or the page would come out in whatever
            # language this thread served last.
            with translation.override(_chosen_language(request)):
                page = render_to_string("400.html")
            return HttpResponseBadRequest(page)
        return self.get_response(request)


def _pairs(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value
