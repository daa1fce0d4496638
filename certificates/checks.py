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
