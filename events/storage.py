"""Where signed attendance-list scans live: a private location, never under
MEDIA_URL (the same arrangement as certificate PDFs).

``EVENTS_PRIVATE_ROOT`` (setting or environment) points at the folder; by
default ``var/private/events``. Files are only ever sent through the
permission-checked download view of the event's documents.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> Path:
    configured = getattr(settings, "EVENTS_PRIVATE_ROOT", None) or os.environ.get(
        "EVENTS_PRIVATE_ROOT"
    )
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "var" / "private" / "events"


class PrivateFileStorage(FileSystemStorage):
    """A file system storage without URLs."""

    def url(self, name):
        raise ValueError("Signed attendance lists have no public URL.")

    # Resolved on each access, so a changed setting (tests) takes effect.
    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage() -> PrivateFileStorage:
    return PrivateFileStorage(
        file_permissions_mode=0o640, directory_permissions_mode=0o750
    )
