"""Browser-test harness: a live ASGI server on the test database, Playwright
pages in Debian's Chromium and an accessibility check.

Fixtures for journeys (mark them ``@pytest.mark.e2e``):

- ``live_server_url``: ``"http://127.0.0.1:<port>"`` of a uvicorn server running
  ``szkola.asgi.application`` (HTTP, static files and WebSockets) on the test
  database. The test gets a transactional database; tables are emptied after it.
- ``run_on_server``: ``run_on_server(func, *args, **kwargs)`` runs a sync callable
  on the server's event loop (in its sync thread) and returns its result. Use it
  for server-side writes whose live push must reach pages connected to the
  server (``services.notify``): the in-memory channel layer only delivers
  within one event loop. With Redis either way works.
- ``page`` (desktop, 1280x800) and ``phone_page`` (390x844, touch): a fresh
  browser context per test, locale pl-PL.
- ``axe``: ``axe(page)`` runs axe-core (WCAG 2.1 A and AA) on the current page
  and fails the test listing every violation. Call it after every navigation.
- ``outbox``: ``django.core.mail.outbox`` (emails sent by the server).
- ``login``: ``login(page, live_server_url, email, password)`` signs in through
  /konto/login/ (the email address must be verified: allauth's EmailAddress with
  verified=True, as ``szkola.live.tests.factories.user_create`` makes it).
- ``home_page``: the Wagtail HomePage at ``/`` (made again after transactional
  tests emptied the tree), to add pages under.
- ``wagtail_locale``: Wagtail's Polish locale (emptied with the tables too).
- ``certificate_settings``: private certificate storage under ``tmp_path`` and a
  fresh Open Badges signing key, for journeys that issue certificates.
- ``verified_person``: ``verified_person(**fields)`` makes a participant with a
  complete profile and a confirmed email (``events.tests.factories.user_create``).

On SQLite the server shares the in-memory test database with the test through
SQLite's shared cache, whose table locks do not wait: write from test code
before the page acts or after it has settled (``expect(...)`` first), or use
``run_on_server`` for writes while a page is busy.

Without Chromium (``CHROMIUM_PATH`` or ``/usr/bin/chromium``) every journey is
skipped, or fails when ``REQUIRE_BROWSER=1``.
"""

import asyncio
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from szkola.home.tests.seeding import shared_by_module

# Playwright's sync API keeps an event loop running in the main thread, which
# makes Django refuse ORM calls from test code without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_STATIC = "vendor/axe-core/axe.min.js"
AXE_JS = ROOT / "static" / AXE_STATIC
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    """The Chromium to drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium."""
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    found = shutil.which(candidate)
    return found


def _browser_missing(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    # Skip before any fixture runs (no database, no server) when there is no
    # browser; with REQUIRE_BROWSER=1 the `browser` fixture fails instead.
    if chromium_path() or os.environ.get("REQUIRE_BROWSER") == "1":
        return
    marker = pytest.mark.skip(
        reason="Chromium not found: set CHROMIUM_PATH or apt-get install chromium"
    )
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(marker)


# --- live server ------------------------------------------------------------


@pytest.fixture(scope="session")
def _live_server(django_db_setup, django_db_blocker):
    from django.conf import settings
    from django.db import connections

    if "*" not in settings.ALLOWED_HOSTS and "127.0.0.1" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    # The server's threads open their own connections: SQLite's in-memory
    # test database is shared between them (mode=memory&cache=shared); on
    # PostgreSQL they connect to the test database. Persistent connections
    # would keep PostgreSQL from dropping the test database at the end.
    saved_max_age = {}
    for alias in connections:
        settings_dict = connections.settings[alias]
        saved_max_age[alias] = settings_dict.get("CONN_MAX_AGE", 0)
        settings_dict["CONN_MAX_AGE"] = 0
    from szkola.home.tests.live_server import LiveServer, leftover_sessions_ended

    server = LiveServer()
    server.start()
    yield server
    with django_db_blocker.unblock():
        server.stop()
        leftover_sessions_ended()
    for alias, value in saved_max_age.items():
        connections.settings[alias]["CONN_MAX_AGE"] = value


@pytest.fixture
def live_server_url(transactional_db, _live_server, settings) -> str:
    """Base URL (no trailing slash) of the live server on the test database.
    It is also the site's public address, so links in emails lead to it."""
    settings.WAGTAILADMIN_BASE_URL = _live_server.url
    return _live_server.url


@pytest.fixture(scope="module")
@shared_by_module
def demo_site_kept(_live_server, django_db_blocker):
    """The demo (``seed_demo --force``) for a module of journeys that only
    read it: seeded and committed once before the module's first journey,
    the tables emptied after its last one, as a transactional test empties
    them. Seeding takes seconds; six journeys reading the demo need it once.

    The module's journeys take ``kept_live_server_url`` instead of
    ``live_server_url``: the server reaches the database during each journey
    and nothing is emptied between them, so a journey must not depend on
    what another one changed (a session row, a last login)."""
    from io import StringIO

    from django.core.management import call_command

    with django_db_blocker.unblock():
        try:
            # seed_demo rebuilds the page tree and the locale that emptying
            # the tables after a transactional test removes.
            call_command("seed_demo", "--force", stdout=StringIO())
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def kept_live_server_url(_live_server, django_db_blocker, settings):
    """``live_server_url`` for the journeys of a ``demo_site_kept`` module."""
    settings.WAGTAILADMIN_BASE_URL = _live_server.url
    with django_db_blocker.unblock():
        yield _live_server.url


@pytest.fixture
def run_on_server(live_server_url, _live_server):
    return _live_server.call


@pytest.fixture
def sign_in(live_server_url, run_on_server):
    """``sign_in(context, user)``: put a signed-in session for ``user`` in a
    browser context (or a page's), as after logging in with the second
    factor (coordinators' pages and the admin ask for it).

    The session row is written on the server's thread: on SQLite a write from
    test code while another page of the test is still talking to the server
    would find the session table locked."""

    def make(context, user) -> None:
        from django.conf import settings

        context = getattr(context, "context", context)
        key = run_on_server(_session_create, user.pk)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": key,
                    "url": live_server_url,
                }
            ]
        )

    return make


def _session_create(user_id: int) -> str:
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp", "id": 1}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    return session.session_key


# --- browser ----------------------------------------------------------------


# Playwright's sync API marks its event loop as running in the main thread
# between calls (its greenlets are "inside" the loop). Left that way, every
# later test in this process that calls async_to_sync (channel layer pushes,
# WebSocket tests) fails with "cannot use AsyncToSync in the same thread as an
# async event loop". So the mark is lifted after each browser test and put back
# before Playwright is used again; the loop itself is idle in between.
_playwright_loop: list[asyncio.AbstractEventLoop] = []


def _resume_playwright_loop() -> None:
    if _playwright_loop:
        asyncio._set_running_loop(_playwright_loop[0])


def _suspend_playwright_loop() -> None:
    if _playwright_loop:
        asyncio._set_running_loop(None)


@pytest.fixture(autouse=True)
def _release_playwright_loop_after_test():
    yield
    _suspend_playwright_loop()


@pytest.fixture(scope="session")
def _playwright():
    path = chromium_path()
    if path is None:
        _browser_missing(
            "Chromium not found: set CHROMIUM_PATH or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    _playwright_loop.append(asyncio.get_running_loop())
    yield playwright
    _resume_playwright_loop()
    playwright.stop()
    _playwright_loop.clear()


@pytest.fixture(scope="session")
def browser(_playwright):
    _resume_playwright_loop()
    browser = _playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    _resume_playwright_loop()
    browser.close()


def _new_page(browser, **context_options):
    _resume_playwright_loop()
    # Reduced motion: the admin then scrolls without smooth animation
    # (static/css/admin.css). With smooth scrolling a click is computed on a
    # page that is still moving and can land beside its target on a busy
    # machine (a coordinator's "Dodaj dzień" hit the sticky header instead).
    context = browser.new_context(
        locale="pl-PL", reduced_motion="reduce", **context_options
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, viewport={"width": 1280, "height": 800})
    yield page
    _resume_playwright_loop()
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    _resume_playwright_loop()
    context.close()


# --- accessibility ------------------------------------------------------------


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    {target}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe(_axe_source):
    """``axe(page)``: fail on any WCAG 2.1 A/AA violation on the current page;
    returns axe's full result for further checks."""

    def check(page, *, context=None):
        page.wait_for_load_state("load")
        # Colours are measured as painted: entrance transitions (Wagtail's
        # messages fade in) are taken to their end state first, or a
        # half-faded box is judged; finishing them shows at once what waiting
        # for them (half a second each) would. Long or endless animations
        # (spinners, progress) are left running.
        # Twice, two frames apart, for one that a script starts at load.
        page.evaluate(
            """async () => {
                const finish = () => document.getAnimations().forEach((a) => {
                    const end = a.effect ? a.effect.getComputedTiming().endTime : 0;
                    if (a.playState === "running" && end < 3000) a.finish();
                });
                const frame = () => new Promise((done) => requestAnimationFrame(done));
                finish();
                await frame();
                await frame();
                finish();
            }"""
        )
        # Wagtail's admin ships its own, older and reconfigured axe as
        # window.axe: always check with the vendored one, injected once per
        # document (a navigation starts a new document without the marker).
        if not page.evaluate("() => window.__szkolaAxe === true"):
            origin = urlsplit(page.url)
            if origin.scheme in ("http", "https"):
                # From the server, as a script file: Chromium keeps the
                # compiled code between documents (a tenth of the time of
                # injecting its text into each one).
                page.add_script_tag(
                    url=f"{origin.scheme}://{origin.netloc}/static/{AXE_STATIC}"
                )
            else:
                page.add_script_tag(content=_axe_source)
            page.evaluate("() => { window.__szkolaAxe = true; }")
        result = page.evaluate(
            """async ([context, tags]) => await window.axe.run(
                context || document,
                {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}
            )""",
            [context, AXE_TAGS],
        )
        violations = result["violations"]
        if violations:
            pytest.fail(
                f"Accessibility violations on {page.url}:\n"
                + format_violations(violations),
                pytrace=False,
            )
        return result

    return check


# --- helpers for journeys -------------------------------------------------------


@pytest.fixture
def outbox(mailoutbox):
    """Emails the server sent during the test (django.core.mail.outbox)."""
    return mailoutbox


def login(page, live_server_url: str, email: str, password: str) -> None:
    """Sign in through /konto/login/ and wait until the form is left behind."""
    page.goto(f"{live_server_url}/konto/login/")
    page.get_by_label(re.compile(r"^\s*e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"^\s*hasło", re.IGNORECASE)).fill(password)
    page.get_by_role("button", name=re.compile(r"^\s*zaloguj", re.IGNORECASE)).click()
    page.wait_for_url(lambda url: "/konto/login/" not in url)
    if "/konto/confirm-email/" in page.url:
        raise AssertionError(
            f"{email} cannot sign in: the email address is not verified "
            "(create allauth's EmailAddress with verified=True)"
        )


@pytest.fixture(name="login")
def login_fixture():
    """The ``login`` helper as a fixture, for journeys that prefer injection."""
    return login


@pytest.fixture
def home_page(live_server_url):
    """The site's HomePage, served at ``/``. Transactional tests empty every
    table, Wagtail's tree included, so it is made again when missing."""
    from szkola.home.tests.factories import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def wagtail_locale(live_server_url):
    """Wagtail's Polish locale, which page creation needs: emptying the
    tables between transactional tests removes it too."""
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="pl")


@pytest.fixture
def certificate_settings(settings, tmp_path):
    """Certificates can be issued: private PDFs under ``tmp_path`` and a fresh
    Ed25519 key signing the Open Badges."""
    from certificates.openbadges import EDDSA, signing_key_pem_new

    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    settings.OB_SIGNING_KEY = signing_key_pem_new(EDDSA)
    return settings


@pytest.fixture
def verified_person():
    """``verified_person(**fields)``: a participant with a complete profile
    (``events.tests.factories.user_create``) whose email is confirmed, so
    they can sign in."""
    from events.tests.factories import user_create

    def make(**fields):
        return user_create(verified=True, **fields)

    return make
