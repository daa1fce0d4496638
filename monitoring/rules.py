"""Pure rules of the EFS participant data: checksums, code lists, the notice.

Models, forms, services and exports all need these, so they live here and
import nothing from the app (no import circles).
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The version of the information on the legal basis and purpose shown on the
# form; recorded with the data. Change it whenever the text changes.
NOTICE_VERSION = "2021-01"

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
# PESEL adds to the month a century offset: 1800s +80, 1900s +0, 2000s +20,
# 2100s +40, 2200s +60.
_PESEL_CENTURIES = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}


def pesel_checksum_ok(value: str) -> bool:
    if len(value) != 11 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:10], PESEL_WEIGHTS, strict=True))
    return (10 - total % 10) % 10 == int(value[10])


def pesel_birth_date(value: str) -> datetime.date | None:
    """The date of birth a PESEL encodes, or None if it is no real date."""
    year, month, day = int(value[0:2]), int(value[2:4]), int(value[4:6])
    offset = (month // 20) * 20
    century = _PESEL_CENTURIES.get(offset)
    if century is None:
        return None
    try:
        return datetime.date(century + year, month - offset, day)
    except ValueError:
        return None


def pesel_sex(value: str) -> str:
    return Sex.MALE if int(value[9]) % 2 else Sex.FEMALE


def nip_normalise(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch.isalpha())


def nip_checksum_ok(value: str) -> bool:
    if len(value) != 10 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:9], NIP_WEIGHTS, strict=True))
    return total % 11 != 10 and total % 11 == int(value[9])


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


class Sex(models.TextChoices):
    FEMALE = "K", _("kobieta")
    MALE = "M", _("mężczyzna")


class Education(models.TextChoices):
    """ISCED 2011 levels. Kept one by one above secondary level so both the
    SL2014 list (one value for ISCED 5–8) and CST2021 can be produced."""

    ISCED0 = "0", _("niższe niż podstawowe (ISCED 0)")
    ISCED1 = "1", _("podstawowe (ISCED 1)")
    ISCED2 = "2", _("gimnazjalne (ISCED 2)")
    ISCED3 = "3", _("ponadgimnazjalne (ISCED 3)")
    ISCED4 = "4", _("policealne (ISCED 4)")
    ISCED5 = "5", _("wyższe krótkiego cyklu (ISCED 5)")
    ISCED6 = "6", _("wyższe – licencjat lub inżynier (ISCED 6)")
    ISCED7 = "7", _("wyższe – magister (ISCED 7)")
    ISCED8 = "8", _("wyższe – doktorat (ISCED 8)")


class AreaType(models.TextChoices):
    """DEGURBA: the degree of urbanisation of the gmina (GUS publishes it)."""

    URBAN = "1", _("miejski – gęsto zaludniony (DEGURBA 1)")
    INTERMEDIATE = "2", _("pośredni – średnio zaludniony (DEGURBA 2)")
    RURAL = "3", _("wiejski – słabo zaludniony (DEGURBA 3)")


class LabourStatus(models.TextChoices):
    EMPLOYED = "employed", _("osoba pracująca")
    UNEMPLOYED_REGISTERED = (
        "unemployed_registered",
        _("osoba bezrobotna zarejestrowana w ewidencji urzędów pracy"),
    )
    UNEMPLOYED = (
        "unemployed",
        _("osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy"),
    )
    INACTIVE = "inactive", _("osoba bierna zawodowo")


class Occupation(models.TextChoices):
    SOCIAL_ASSISTANCE = (
        "social_assistance",
        _("pracownik instytucji systemu pomocy i integracji społecznej"),
    )
    FAMILY_SUPPORT = (
        "family_support",
        _("pracownik instytucji systemu wspierania rodziny i pieczy zastępczej"),
    )
    LABOUR_MARKET = "labour_market", _("pracownik instytucji rynku pracy")
    HEALTH = "health", _("pracownik instytucji systemu ochrony zdrowia")
    TEACHER = "teacher", _("nauczyciel kształcenia ogólnego")
    PUBLIC_ADMINISTRATION = (
        "public_administration",
        _("pracownik administracji publicznej"),
    )
    OTHER = "other", _("inny")


class InstitutionType(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("administracja samorządowa")
    SOCIAL_ASSISTANCE = (
        "social_assistance",
        _("jednostka organizacyjna pomocy społecznej"),
    )
    GOVERNMENT = "government", _("administracja rządowa (w tym policja)")
    COURT = "court", _("sąd lub kuratorska służba sądowa")
    SCHOOL = "school", _("szkoła lub placówka systemu oświaty")
    HEALTH = "health", _("podmiot leczniczy")
    CULTURE = "culture", _("instytucja kultury")
    LABOUR_MARKET = "labour_market", _("instytucja rynku pracy")
    NGO = "ngo", _("organizacja pozarządowa")
    OTHER = "other", _("inna")


# The profile's sector suggests the institution type and the occupation.
SECTOR_DEFAULTS = {
    "ops": (InstitutionType.SOCIAL_ASSISTANCE, Occupation.SOCIAL_ASSISTANCE),
    "pcpr": (InstitutionType.SOCIAL_ASSISTANCE, Occupation.FAMILY_SUPPORT),
    "police": (InstitutionType.GOVERNMENT, Occupation.PUBLIC_ADMINISTRATION),
    "court": (InstitutionType.COURT, Occupation.PUBLIC_ADMINISTRATION),
    "school": (InstitutionType.SCHOOL, Occupation.TEACHER),
    "culture": (InstitutionType.CULTURE, Occupation.OTHER),
    "health": (InstitutionType.HEALTH, Occupation.HEALTH),
    "labour": (InstitutionType.LABOUR_MARKET, Occupation.LABOUR_MARKET),
    "ngo": (InstitutionType.NGO, Occupation.OTHER),
    "government": (InstitutionType.LOCAL_GOVERNMENT, Occupation.PUBLIC_ADMINISTRATION),
}


class SituationAfter(models.TextChoices):
    """The person's situation when they leave the project (SL2014 column
    "Sytuacja osoby w momencie zakończenia udziału w projekcie"), asked up
    to four weeks after the last form of support."""

    EMPLOYED = (
        "employed",
        _("pracuję (także na własny rachunek)"),
    )
    EDUCATION = "education", _("podjęłam/podjąłem kształcenie lub szkolenie")
    QUALIFICATION = "qualification", _("uzyskałam/uzyskałem kwalifikacje")
    SEEKING = "seeking", _("jestem bierna/bierny zawodowo i szukam pracy")
    OTHER = "other", _("inna sytuacja")


class Answer(models.TextChoices):
    YES = "yes", _("tak")
    NO = "no", _("nie")
    REFUSED = "refused", _("odmawiam odpowiedzi")


# The special-situation questions, in the SL2014 order: (key, question).
# The three household questions (jobless household, with dependent children,
# single adult with children) left the participant data set with Regulation
# (EU) 2018/1046; they are no longer asked, and answers given earlier were
# erased (migration 0003), see docs/monitoring.md.
HOUSEHOLD_KEYS = (
    "jobless_household",
    "jobless_household_children",
    "single_adult_children",
)
SPECIAL_SITUATIONS = (
    (
        "minority",
        _(
            "Czy jest Pani/Pan osobą należącą do mniejszości narodowej lub "
            "etnicznej, migrantem lub osobą obcego pochodzenia?"
        ),
    ),
    (
        "homeless",
        _(
            "Czy jest Pani/Pan osobą bezdomną lub dotkniętą wykluczeniem "
            "z dostępu do mieszkań?"
        ),
    ),
    ("disability", _("Czy jest Pani/Pan osobą z niepełnosprawnościami?")),
    (
        "other_disadvantage",
        _(
            "Czy jest Pani/Pan w innej niekorzystnej sytuacji społecznej "
            "(innej niż wymienione wyżej)?"
        ),
    ),
)
SPECIAL_SITUATION_KEYS = tuple(key for key, _question in SPECIAL_SITUATIONS)
