"""Fixed lists of the domain: voivodeships with TERYT codes, sectors, scopes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Voivodeship(models.TextChoices):
    """The 16 voivodeships, keyed by their two-digit TERYT code."""

    DOLNOSLASKIE = "02", _("dolnośląskie")
    KUJAWSKO_POMORSKIE = "04", _("kujawsko-pomorskie")
    LUBELSKIE = "06", _("lubelskie")
    LUBUSKIE = "08", _("lubuskie")
    LODZKIE = "10", _("łódzkie")
    MALOPOLSKIE = "12", _("małopolskie")
    MAZOWIECKIE = "14", _("mazowieckie")
    OPOLSKIE = "16", _("opolskie")
    PODKARPACKIE = "18", _("podkarpackie")
    PODLASKIE = "20", _("podlaskie")
    POMORSKIE = "22", _("pomorskie")
    SLASKIE = "24", _("śląskie")
    SWIETOKRZYSKIE = "26", _("świętokrzyskie")
    WARMINSKO_MAZURSKIE = "28", _("warmińsko-mazurskie")
    WIELKOPOLSKIE = "30", _("wielkopolskie")
    ZACHODNIOPOMORSKIE = "32", _("zachodniopomorskie")


# The five voivodeships of the project's macroregion; podkarpackie leads.
MACROREGION = (
    Voivodeship.PODKARPACKIE,
    Voivodeship.LUBELSKIE,
    Voivodeship.MAZOWIECKIE,
    Voivodeship.PODLASKIE,
    Voivodeship.SWIETOKRZYSKIE,
)
LEADER_VOIVODESHIP = Voivodeship.PODKARPACKIE

# An object organised for the whole macroregion (a supra-regional event)
# carries this code instead of a TERYT code.
MACROREGION_CODE = "MR"


class Organiser(models.TextChoices):
    """Who runs something: one voivodeship of the macroregion, or all of it."""

    PODKARPACKIE = "18", _("podkarpackie (ROPS Rzeszów)")
    LUBELSKIE = "06", _("lubelskie (ROPS Lublin)")
    MAZOWIECKIE = "14", _("mazowieckie (MCPS Warszawa)")
    PODLASKIE = "20", _("podlaskie (ROPS Białystok)")
    SWIETOKRZYSKIE = "26", _("świętokrzyskie (ROPS Kielce)")
    MACROREGION = MACROREGION_CODE, _("makroregion (ponadregionalne)")


class CoordinatorScope(models.TextChoices):
    """What a coordinator may run: their voivodeship, or everything
    (the project leader's team)."""

    NONE = "", _("brak (nie jest koordynatorem)")
    PODKARPACKIE = "18", _("podkarpackie")
    LUBELSKIE = "06", _("lubelskie")
    MAZOWIECKIE = "14", _("mazowieckie")
    PODLASKIE = "20", _("podlaskie")
    SWIETOKRZYSKIE = "26", _("świętokrzyskie")
    MACROREGION = MACROREGION_CODE, _("cały makroregion (zespół lidera)")


class InstitutionSector(models.TextChoices):
    OPS = "ops", _("ośrodek pomocy społecznej (GOPS/OPS/MOPS)")
    PCPR = "pcpr", _("powiatowe centrum pomocy rodzinie (PCPR)")
    POLICE = "police", _("policja")
    COURT = "court", _("sąd i kuratorska służba sądowa")
    SCHOOL = "school", _("szkoła lub placówka oświatowa")
    CULTURE = "culture", _("instytucja kultury")
    HEALTH = "health", _("ochrona zdrowia")
    LABOUR = "labour", _("urząd pracy")
    NGO = "ngo", _("organizacja pozarządowa")
    GOVERNMENT = "government", _("samorząd (urząd gminy, starostwo)")
    OTHER = "other", _("inna")
