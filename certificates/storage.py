"""Where certificate PDFs live: a private location, never under MEDIA_URL.

``CERTIFICATES_PRIVATE_ROOT`` (setting or environment) points at the folder;
by default ``var/private/certificates``. Files are only ever sent through the
permission-checked download view.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def private_root() -> Path:
    configured = getattr(settings, "CERTIFICATES_PRIVATE_ROOT", None) or os.environ.get(
        "CERTIFICATES_PRIVATE_ROOT"
    )
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "var" / "private" / "certificates"


class PrivateFileStorage(FileSystemStorage):
    """A file system storage without URLs. (``base_url=None`` alone would
    fall back to MEDIA_URL and hand out /media/... links.)"""

    def url(self, name):
        raise ValueError("Certificate PDFs have no public URL.")


def private_storage() -> Storage:
    return PrivateFileStorage(
        location=str(private_root()),
        file_permissions_mode=0o640,
        directory_permissions_mode=0o750,
    )
