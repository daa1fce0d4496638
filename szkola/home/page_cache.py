"""Anonymous responses of public pages, served from the cache.

A conference day brings hundreds of people to the event page and the
programme at once, most of them not signed in. Their responses are the same
for everyone, so the first one is kept in the cache (Redis in production,
local memory by default) and the next ones are answered from it before the
session, authentication or any database work.

What is never cached, so that no one's content reaches another person:

- requests that carry a session cookie (everyone signed in, and anyone with
  a message, a form in progress or a passed page password) or a messages
  cookie; only GET and HEAD;
- responses that are not a 200 from a Wagtail page, that set a cookie, that
  used a CSRF token (a form: the token belongs to one browser) or that say
  ``Cache-Control: private / no-cache / no-store``.

Freshness: every committed change to a record that a public page may show
(pages, snippets, settings, registrations — everything but the high-churn
records listed in ``UNSHOWN``) starts a new cache generation, so the next
request renders afresh; the free places of an event are therefore right
after every registration or cancellation. ``PAGE_CACHE_SECONDS`` bounds how
long a page can be stale when a change races a render of the same page.
The language chosen with the language switch is part of the key.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
SERVED_HEADER = "X-Page-Cache"

# Records that no public page shows and that change all the time: saving
# them must not empty the page cache.
UNSHOWN = {
    "sessions.session",
    "accounts.auditentry",
    "outbox.outboundemail",
    "django_tasks_database.dbtaskresult",
    "live.notification",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "courses.quizattempt",
    "events.pollvote",
    "events.questionvote",
    "wagtailsearch.indexentry",
    "account.emailconfirmation",
    "mfa.authenticator",
}


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_cache_clear() -> None:
    """Start a new generation: every page is rendered afresh once."""
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a cache that is away holds nothing to clear
        logger.warning("Page cache generation not renewed", exc_info=True)


def page_cache_clear_after_change(sender, **kwargs) -> None:
    """Signal receiver: a change to a shown record empties the page cache
    now and again when the transaction commits (a render that read the old
    state in between must not stay)."""
    if not _enabled() or sender._meta.label_lower in UNSHOWN:
        return
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # every sign-in; no public page shows it
    page_cache_clear()
    transaction.on_commit(page_cache_clear)


def _generation(cache) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def _request_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def _response_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not getattr(request, "page_cache_allowed", False):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a form with this browser's token
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-cache", "no-store"))


def _key(request, generation: str) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    host = request.META.get("HTTP_HOST", "")
    return f"page-cache:{generation}:{host}:{language}:{request.get_full_path()}"


def fragment_key(request, parts: list[str]) -> str | None:
    """The cache key of a piece of a page that reads the same for everyone,
    signed in or not (an event's description and programme), or None when it
    must be rendered: the page cache is off, the request is a preview, or
    Redis is away. It lives under the page cache's generation, so whatever
    renders a public page afresh renders the piece afresh too; the language
    and the host are part of it."""
    if request is None or not _enabled() or getattr(request, "is_preview", False):
        return None
    cache = _cache()
    if not getattr(cache, "redis_available", True):
        return None
    # Read once a request, however many fragments the page has.
    generation = getattr(request, "page_fragment_generation", None)
    if generation is None:
        try:
            generation = _generation(cache)
        except Exception:  # noqa: BLE001 - the cache is an accelerator only
            logger.warning("Page cache unreadable", exc_info=True)
            return None
        request.page_fragment_generation = generation
    host = request.META.get("HTTP_HOST", "")
    language = translation.get_language() or ""
    return ":".join(["page-fragment", generation, host, language, *parts])


def fragment_get(key: str) -> str | None:
    try:
        return _cache().get(key)
    except Exception:  # noqa: BLE001 - the cache is an accelerator only
        logger.warning("Page cache unreadable", exc_info=True)
        return None


def fragment_set(key: str, content: str) -> None:
    try:
        _cache().set(key, content, settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - the cache is an accelerator only
        logger.warning("Page fragment not stored", exc_info=True)


def page_cache_allow(request) -> None:
    """Marks the response to ``request`` as a public page's (called when
    Wagtail serves a page); only such responses are kept."""
    request.page_cache_allowed = True


class AnonymousPageCacheMiddleware:
    """Answers anonymous requests for public pages from the cache; sits
    before the session and authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _enabled() or not _request_cacheable(request):
            return self.get_response(request)
        cache = _cache()
        if not getattr(cache, "redis_available", True):
            # A cache that fell back to one process's memory cannot see the
            # other processes' invalidations: no page from it.
            return self.get_response(request)
        try:
            key = _key(request, _generation(cache))
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - the cache is an accelerator only
            logger.warning("Page cache unreadable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content if request.method == "GET" else b"")
            for name, value in headers:
                response[name] = value
            response[SERVED_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _response_cacheable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", SERVED_HEADER.lower())
            ]
            try:
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("Page cache not written", exc_info=True)
            response[SERVED_HEADER] = "miss"
        return response
