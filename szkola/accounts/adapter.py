"""allauth, speaking with the project's voice: its emails are built by
``szkola.home.emails`` (Polish, multipart, branded) and every link in them
points at the configured public address, not at whatever host the request
came in on. Staff land on the admin dashboard after signing in."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from szkola.home.emails import email_build
from szkola.home.links import public_url

from .permissions import user_is_staff_member

# Context entries allauth fills with absolute links built from the request.
_LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


def _on_public_address(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return public_url(path or "/")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Trainers, coordinators and admins start on the admin dashboard
        (the second-factor gate of /admin/ still applies); participants on
        /moje/. An explicit ``next`` is followed before this is asked."""
        if user_is_staff_member(request.user):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def render_mail(self, template_prefix, email, context, headers=None):
        context = dict(context)
        for key in _LINK_KEYS:
            if context.get(key):
                context[key] = _on_public_address(context[key])
        # allauth's own "current_site" is the request's host (no sites
        # framework here): "Witamy z 127.0.0.1:8000". Name the site instead.
        context["current_site"] = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME,
            domain=public_url("/").split("://", 1)[-1].rstrip("/"),
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(f"{template_prefix}_subject.txt", context)
        return email_build(
            to=email,
            subject=subject,
            template=f"{template_prefix}_message",
            context=context,
            headers=headers,
        )
