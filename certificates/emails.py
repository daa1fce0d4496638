"""The email telling a holder their certificate is issued; sent by
``tasks.certificate_email_task`` after the issuing transaction commits."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Certificate
from .services.urls import site_url, verification_url


def certificate_email_send(*, certificate: Certificate) -> bool:
    """Email the holder that the certificate is issued, with the link to
    download it and the public verification link. Returns whether an email
    went out (not for a revoked or superseded certificate, nor to a
    deleted account)."""
    from szkola.home.emails import email_build

    user = certificate.user
    if (
        user is None
        or not user.email
        or certificate.revoked_at
        or certificate.superseded_at
    ):
        return False
    email_build(
        to=user.email,
        subject=_("Masz nowe zaświadczenie: %(title)s") % {"title": certificate.title},
        template="emails/certificates/issued",
        context={
            "certificate": certificate,
            "mine_url": site_url(reverse("certificates:mine")),
            "verify_url": verification_url(certificate.code),
        },
    ).send()
    return True
