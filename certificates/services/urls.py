"""The public addresses certificates print and send: the site's own
address and a certificate's verification page."""

from django.urls import reverse


def site_url(path: str) -> str:
    """``path`` on the site's configured public address."""
    from szkola.home.links import public_url

    return public_url(path)


def verification_url(code: str) -> str:
    return site_url(reverse("certificates:verify_code", args=[code]))
