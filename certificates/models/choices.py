"""The choices the certificates' models share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "valid": _("ważne"),
    "revoked": _("unieważnione"),
    "superseded": _("zastąpione"),
}


class SourceKind(models.TextChoices):
    COURSE = "course", _("kurs")
    EVENT = "event", _("wydarzenie")
    PATH = "path", _("ścieżka edukacyjna")


class Language(models.TextChoices):
    PL = "pl", _("polski")
    EN = "en", _("angielski")


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", _("pionowa")
    LANDSCAPE = "landscape", _("pozioma")
