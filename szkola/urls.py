from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from szkola.home.views import favicon
from szkola.live.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # Everyone signs in through allauth (with MFA for staff), never through
    # Wagtail's own login form.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenty/", include(wagtaildocs_urls)),
    path("konto/", include("allauth.urls")),
    path("moje/powiadomienia/", include("szkola.live.urls")),
    path("moje/", include("szkola.accounts.urls")),
    # Domain apps: each keeps its own URL prefixes (see their urls.py).
    path("", include("courses.urls")),
    path("", include("events.urls")),
    path("", include("evaluation.urls")),
    path("", include("programme.urls")),
    path("", include("certificates.urls")),
    path("", include("monitoring.urls")),
    # The language switch is on every page; without a CSRF token in it the
    # pages of anonymous readers can be served from the cache
    # (szkola/home/page_cache.py). A forged switch changes only the language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else.
urlpatterns.append(path("", include(wagtail_urls)))
