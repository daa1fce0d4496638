"""System checks of the certificates app."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from .storage import private_root


def _inside(path: Path, folder: str | None) -> bool:
    if not folder:
        return False
    return path.resolve().is_relative_to(Path(folder).resolve())


@checks.register(checks.Tags.security)
def private_root_is_not_public(app_configs=None, **kwargs) -> list[checks.Error]:
    """Certificate PDFs must never sit where the web server or the media view
    hands files out without asking who wants them."""
    root = private_root()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        if _inside(root, str(getattr(settings, name, "") or "")):
            errors.append(
                checks.Error(
                    f"CERTIFICATES_PRIVATE_ROOT ({root}) is inside {name}: "
                    "certificate PDFs would be served publicly.",
                    hint="Point CERTIFICATES_PRIVATE_ROOT outside MEDIA_ROOT "
                    "and STATIC_ROOT.",
                    id="certificates.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def signing_key_is_configured(app_configs=None, **kwargs) -> list[checks.Error]:
    """A production start without a usable Open Badges signing key is
    refused here, instead of a server error when someone downloads a
    credential (development generates a key on first use)."""
    from . import openbadges

    if settings.DEBUG or getattr(settings, "OB_SIGNING_KEY_DEV_FILE", False):
        return []
    if not openbadges.signing_key_configured():
        return [
            checks.Error(
                "OB_SIGNING_KEY is not set: Open Badges credentials cannot be signed.",
                hint="Create a key with `manage.py ob_signing_key_create` and "
                "set it as OB_SIGNING_KEY in the environment.",
                id="certificates.E002",
            )
        ]
    try:
        openbadges.private_key()
    except (ValueError, TypeError, openbadges.SigningKeyMissing) as error:
        return [
            checks.Error(
                f"OB_SIGNING_KEY cannot be used: {error}",
                hint="Give an unencrypted RSA (2048 bits or more) or Ed25519 "
                "private key in PEM, or the PEM in base64.",
                id="certificates.E003",
            )
        ]
    return []
