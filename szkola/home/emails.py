"""Every email the platform sends is built here: the project's own frame,
Polish by default, multipart (plain text and accessible HTML), with the
funding marks line, the co-financing sentence and the site link.

``email_build`` returns the message; the caller sends it (or hands it to
whatever queues mail). Templates come in pairs under ``templates/``:
``<template>.txt`` (required) and ``<template>.html`` (optional). Without an
HTML template the text is set into ``emails/text_as.html``, so every message
still has both parts.
"""

import contextlib
import contextvars
import re
from collections.abc import Iterable, Sequence
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .links import public_url

# Seeding demo data stores notifications but emails nobody: the demo people's
# addresses are made up.
_muted = contextvars.ContextVar("emails_muted", default=False)


@contextlib.contextmanager
def emails_muted():
    """Within this block no app sends email (demo seeding)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def emails_are_muted() -> bool:
    return _muted.get()


# (filename, content, mimetype) as Django's attach() takes it, or a ready
# MIME part (a calendar with its method parameter, see events/ics.py).
Attachment = tuple[str, bytes | str, str] | MIMEBase


def subject_format(subject: str) -> str:
    """One line, with the project's prefix (``[Szkoła Kooperacji] …``)."""
    subject = " ".join(str(subject).split())
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX or ""
    if prefix and subject.startswith(prefix.strip()):
        return subject
    return f"{prefix}{subject}"


def _site_settings():
    from wagtail.models import Site

    from .models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return SiteSettings()
    return SiteSettings.for_site(site)


def email_context(context: dict | None = None) -> dict:
    """The frame's context: site settings, the public address, the links
    every email ends with."""
    site_settings = _site_settings()
    return {
        "site_settings": site_settings,
        "site_url": public_url("/"),
        "site_host": public_url("/").split("://", 1)[-1].rstrip("/"),
        "dashboard_url": public_url("/moje/"),
        "funding_marks": [m["alt"] for m in site_settings.funding_marks()],
        **(context or {}),
    }


_TEXT_AS_HTML = "emails/text_as.html"


def _html_template(template: str) -> str:
    try:
        get_template(f"{template}.html")
    except TemplateDoesNotExist:
        return _TEXT_AS_HTML
    return f"{template}.html"


def _tidy(text: str) -> str:
    """Template tags leave blank lines behind: no trailing spaces, at most
    one empty line in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def email_build(
    *,
    to: Sequence[str] | str,
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: Iterable[Attachment] = (),
    language: str | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """A multipart email to ``to`` from ``DEFAULT_FROM_EMAIL``.

    ``template`` names the pair ``<template>.txt`` / ``<template>.html``;
    both are rendered in ``language`` (default: the site's, Polish) with
    ``context`` plus the frame's context (``email_context``).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = subject_format(subject)
        full = email_context(
            {
                "subject": subject,
                "heading": subject.removeprefix(
                    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX or ""
                ),
                **(context or {}),
            }
        )
        text = _tidy(render_to_string(f"{template}.txt", full))
        html_template = _html_template(template)
        if html_template == _TEXT_AS_HTML:
            # The text without its signature and funding lines: the HTML
            # frame has its own.
            full["html_text_body"] = _tidy(
                render_to_string(f"{template}.txt", {**full, "html_part": True})
            )
        html = render_to_string(html_template, full)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        if isinstance(attachment, MIMEBase):
            message.attach(attachment)
        else:
            message.attach(*attachment)
    return message
