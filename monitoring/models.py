"""The EFS participant data (SL2014), one record per person."""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szkola.accounts.constants import Voivodeship

from .crypto import EncryptedTextField
from .rules import (
    AreaType,
    Education,
    InstitutionType,
    LabourStatus,
    Occupation,
    Sex,
    SituationAfter,
)


class ParticipantData(models.Model):
    """What the monitoring of the European Social Fund needs about one
    participant, asked once before their first form of support.

    Identifying and sensitive values (PESEL, date of birth, street address,
    phone, the special-situation answers) are encrypted at rest. Codes that
    the monitoring report counts (sex, age at start, education, voivodeship,
    area type, labour-market status, institution type) stay in plain columns:
    alone they identify nobody, and they are what is left after the account is
    deleted (see ``services.participant_data_anonymise``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_data",
        verbose_name=_("konto"),
    )
    notice_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=20)
    notice_accepted_at = models.DateTimeField(_("zapoznano się z klauzulą"))

    # Identity
    pesel = EncryptedTextField(_("PESEL"), blank=True)
    no_pesel = models.BooleanField(_("brak numeru PESEL"), default=False)
    birth_date = EncryptedTextField(_("data urodzenia"), blank=True)
    sex = models.CharField(_("płeć"), max_length=1, choices=Sex.choices)
    age_at_start = models.PositiveSmallIntegerField(
        _("wiek w chwili przystąpienia"), null=True, blank=True
    )
    education = models.CharField(
        _("wykształcenie"), max_length=1, choices=Education.choices
    )

    # Address
    country = models.CharField(_("kraj"), max_length=60, default="Polska")
    voivodeship = models.CharField(
        _("województwo"), max_length=2, choices=Voivodeship.choices, db_index=True
    )
    powiat = models.CharField(_("powiat"), max_length=100, blank=True)
    gmina = models.CharField(_("gmina"), max_length=100, blank=True)
    town = EncryptedTextField(_("miejscowość"), blank=True)
    street = EncryptedTextField(_("ulica"), blank=True)
    building_number = EncryptedTextField(_("numer budynku"), blank=True)
    flat_number = EncryptedTextField(_("numer lokalu"), blank=True)
    postcode = EncryptedTextField(_("kod pocztowy"), blank=True)
    area_type = models.CharField(
        _("obszar (DEGURBA)"), max_length=1, choices=AreaType.choices
    )
    phone = EncryptedTextField(_("telefon kontaktowy"), blank=True)

    # Work
    labour_status = models.CharField(
        _("status na rynku pracy"), max_length=30, choices=LabourStatus.choices
    )
    occupation = models.CharField(
        _("wykonywany zawód"), max_length=30, choices=Occupation.choices, blank=True
    )
    institution_name = models.CharField(_("nazwa instytucji"), max_length=255)
    institution_nip = models.CharField(_("NIP instytucji"), max_length=10)
    institution_type = models.CharField(
        _("typ instytucji"), max_length=30, choices=InstitutionType.choices
    )
    institution_sector = models.CharField(
        _("sektor (z profilu)"), max_length=20, blank=True
    )

    # The special-situation answers as JSON {key: "yes"|"no"|"refused"},
    # encrypted: disability is a special category of data (RODO art. 9).
    special_situations = EncryptedTextField(_("sytuacja szczególna"), blank=True)

    # Participation, kept up to date from the forms of support
    # (services.participation_refresh).
    started_on = models.DateField(
        _("data rozpoczęcia udziału"), null=True, blank=True, db_index=True
    )
    ended_on = models.DateField(_("data zakończenia udziału"), null=True, blank=True)
    support_completed = models.BooleanField(
        _("zakończył(a) udział zgodnie ze ścieżką"), null=True, blank=True
    )
    situation_after = models.CharField(
        _("sytuacja po zakończeniu udziału w projekcie"),
        max_length=20,
        choices=SituationAfter.choices,
        blank=True,
    )
    # Plain JSON list of the forms of support: [{"kind", "kind_label",
    # "title", "date_from", "date_to", "hours", "completed"}]. Kept here so
    # the report still counts support after an account is deleted.
    support = models.JSONField(_("formy wsparcia"), default=list, blank=True)

    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    anonymised_at = models.DateTimeField(_("zanonimizowano"), null=True, blank=True)

    class Meta:
        verbose_name = _("dane uczestnika projektu (SL2014)")
        verbose_name_plural = _("dane uczestników projektu (SL2014)")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        # Never the person's name or PESEL: this string lands in audit entries.
        return f"ParticipantData #{self.pk}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def situation_after_missing(self) -> bool:
        """Participation has ended and the person's situation after it is
        not known yet (it is asked then, not at the start)."""
        return self.ended_on is not None and not self.situation_after

    @property
    def special_answers(self) -> dict[str, str]:
        return json.loads(self.special_situations or "{}")
