from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation


class PolishFirstLocaleMiddleware:
    """Polish for everyone unless they chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    social worker with an English-language browser would get the English
    interface without asking. Here only the explicit choice (the language
    cookie set by ``set_language``) counts; otherwise LANGUAGE_CODE applies.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
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
