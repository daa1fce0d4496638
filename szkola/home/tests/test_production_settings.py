"""Production settings: a missing secret stops the start with a clear error,
and the Content-Security-Policy leaves no room for inline code, which the
public and account pages therefore never use."""

import importlib
import sys

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured

from szkola.accounts.tests.factories import user_create

MODULE = "szkola.settings.production"
INLINE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def _production(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop(MODULE, None)
    try:
        return importlib.import_module(MODULE)
    finally:
        sys.modules.pop(MODULE, None)


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_missing_secret_key_stops_production_with_a_clear_error(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        _production(monkeypatch, SECRET_KEY="")


def test_production_keeps_the_secret_and_secure_cookies(monkeypatch):
    production = _production(monkeypatch, SECRET_KEY="k" * 50)

    assert production.SECRET_KEY == "k" * 50
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000


@pytest.fixture
def production_csp(monkeypatch, settings):
    production = _production(monkeypatch, SECRET_KEY="k" * 50)
    settings.MIDDLEWARE = production.MIDDLEWARE
    settings.CONTENT_SECURITY_POLICY = production.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA = (
        production.CONTENT_SECURITY_POLICY_ADMIN_EXTRA
    )
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/konto/login/", "/healthz"])
def test_public_pages_get_a_policy_without_inline_code(client, production_csp, path):
    response = client.get(path)

    policy = _policy(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_the_wagtail_admin_gets_the_wider_policy(client, production_csp):
    response = client.get("/admin/")

    policy = _policy(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]


ACCOUNT_PAGES = [
    "/moje/",
    "/moje/dane/",
    "/moje/dane/usun/",
    "/moje/powiadomienia/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
]
ANONYMOUS_PAGES = [
    "/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/konto/confirm-email/nieprawidlowy-klucz/",
]


def _inline_code(html: str) -> list[str]:
    """What a policy without 'unsafe-inline' would block on this page."""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"style attribute on <{tag.name}>" for tag in soup.select("[style]")]
    found += ["<style> element" for _ in soup.find_all("style")]
    found += [
        "inline <script>"
        for script in soup.find_all("script")
        if not script.get("src")
        and script.get("type", "").lower() in INLINE_SCRIPT_TYPES
    ]
    found += [
        f"{name} handler on <{tag.name}>"
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    found += [
        f"javascript: URL on <{tag.name}>"
        for tag in soup.find_all(href=True)
        if tag["href"].strip().lower().startswith("javascript:")
    ]
    return found


@pytest.mark.django_db
def test_anonymous_pages_carry_no_inline_code(client):
    for path in ANONYMOUS_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _inline_code(response.content.decode()) == [], path


@pytest.mark.django_db
def test_account_pages_carry_no_inline_code(client):
    client.force_login(user_create())
    for path in ACCOUNT_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _inline_code(response.content.decode()) == [], path


@pytest.mark.django_db
def test_pending_email_change_page_carries_no_inline_code(client):
    from allauth.account.models import EmailAddress

    user = user_create()
    EmailAddress.objects.create(
        user=user, email="nowy.adres@gmina.example.pl", primary=False, verified=False
    )
    client.force_login(user)

    html = client.get("/konto/email/").content.decode()

    assert "nowy.adres@gmina.example.pl" in html
    assert _inline_code(html) == []


def test_sentry_is_off_without_a_dsn(monkeypatch):
    calls = []
    monkeypatch.setattr("szkola.home.error_reporting.sentry_init", calls.append)
    _production(monkeypatch, SECRET_KEY="x" * 50, SENTRY_DSN="")
    assert calls == []


def test_sentry_starts_with_a_dsn_and_scrubs_personal_data(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "szkola.home.error_reporting.sentry_init", lambda **kw: calls.append(kw)
    )
    _production(
        monkeypatch, SECRET_KEY="x" * 50, SENTRY_DSN="https://key@sentry.example/1"
    )
    assert calls and calls[0]["dsn"] == "https://key@sentry.example/1"


def test_error_reports_carry_no_personal_data():
    from szkola.home.error_reporting import scrub

    event = {
        "user": {"email": "anna@gmina.pl", "ip_address": "10.0.0.1"},
        "request": {
            "url": "https://szkola.example/moje/?email=anna@gmina.pl",
            "cookies": {"sessionid": "abc"},
            "data": {"pesel": "02070803628"},
            "query_string": "email=anna@gmina.pl",
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "exception": {
            "values": [
                {
                    "value": "Duplicate key anna@gmina.pl PESEL 02070803628",
                    "stacktrace": {"frames": [{"vars": {"password": "tajne"}}]},
                }
            ]
        },
        "logentry": {"message": "login failed for anna@gmina.pl", "params": ["x"]},
    }
    text = repr(scrub(event))
    for personal in ("anna@gmina.pl", "02070803628", "sessionid", "tajne", "10.0.0.1"):
        assert personal not in text
    assert "Firefox" in text
