"""The site's public address: the one place that turns a path into the
absolute link printed in emails, PDFs, QR codes, credentials and calendar
files.

It is ``WAGTAILADMIN_BASE_URL`` (Wagtail uses the same setting for links in
its own admin emails). In development it follows the address ``make run``
serves (``HOST`` and ``PORT``, see ``settings/dev.py``); in production it is
set in the environment.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url() -> str:
    """The configured public address without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def public_url(path: str = "/") -> str:
    """``path`` (``/moje/zapisy/``) as an absolute link on the public address."""
    if not path.startswith("/"):
        path = "/" + path
    return public_base_url() + path


def public_host() -> str:
    """The host name of the public address (``szkolakooperacji.pl``), used
    where an identifier must be on the site's own domain (calendar UIDs)."""
    return urlsplit(public_base_url()).hostname or "localhost"


def page_public_url(page) -> str:
    """A Wagtail page's absolute link on the public address, whatever host
    name the Wagtail ``Site`` record carries."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return ""
    return public_url(parts[2])
