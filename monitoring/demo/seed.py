"""Demo EFS participant data for everyone who took part in a demo event or
course, so a fresh ``make run`` shows a real SL2014 export and real charts.

The numbers are made up but valid (PESEL and NIP check digits hold). One
participant has no PESEL (date of birth and sex instead) and one refuses to
answer the special-situation questions.
"""

import datetime
import hashlib

from szkola.accounts.models import User
from szkola.accounts.selectors import profile_get
from szkola.home import demo_people

from .. import rules
from ..models import ParticipantData
from ..selectors import support_forms_for
from ..services import (
    participant_data_save,
    participant_situation_after_set,
    participation_refresh,
)
from .data import DEMO_SITUATIONS, NO_PESEL_INDEX, REFUSAL_INDEX, URBAN_GMINY


def _digits(seed: str, count: int) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:count]


def pesel_for(birth: datetime.date, sex: str, seed: str) -> str:
    month = birth.month + {1800: 80, 1900: 0, 2000: 20}[birth.year // 100 * 100]
    serial = _digits(seed, 3)
    sex_digit = int(_digits(seed + "s", 1)) // 2 * 2 + (1 if sex == "M" else 0)
    body = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial}{sex_digit}"
    check = (
        10
        - sum(int(d) * w for d, w in zip(body, rules.PESEL_WEIGHTS, strict=True)) % 10
    ) % 10
    return body + str(check)


def nip_for(name: str) -> str:
    for attempt in range(20):
        body = "7" + _digits(f"{name}{attempt}", 8)
        total = sum(int(d) * w for d, w in zip(body, rules.NIP_WEIGHTS, strict=True))
        if total % 11 != 10:
            return body + str(total % 11)
    raise RuntimeError("no NIP found")


def _data_for(user: User, index: int) -> dict:
    profile = profile_get(user=user)
    sex = "K" if user.first_name.endswith("a") else "M"
    birth = datetime.date(
        1965 + index * 7 % 32, 1 + index * 5 % 12, 1 + index * 11 % 28
    )
    institution_type, occupation = rules.SECTOR_DEFAULTS.get(
        profile.institution_sector,
        (rules.InstitutionType.OTHER, rules.Occupation.OTHER),
    )
    no_pesel = index == NO_PESEL_INDEX
    answer = "refused" if index == REFUSAL_INDEX else "no"
    special = {key: answer for key in rules.SPECIAL_SITUATION_KEYS}
    if index == 6:
        special["disability"] = "yes"
    gmina = profile.gmina or "Krasne"
    return {
        "notice_accepted": True,
        "pesel": "" if no_pesel else pesel_for(birth, sex, user.email),
        "no_pesel": no_pesel,
        "birth_date": birth if no_pesel else None,
        "sex": sex if no_pesel else "",
        "education": ["7", "6", "7", "4", "7", "3", "6", "8"][index % 8],
        "voivodeship": profile.voivodeship or "18",
        "powiat": profile.powiat or "rzeszowski",
        "gmina": gmina,
        "town": gmina,
        "street": ["Szkolna", "Kościelna", "Polna", "Lipowa", ""][index % 5],
        "building_number": str(1 + index * 3 % 40),
        "flat_number": "",
        "postcode": f"{16 + index % 20:02d}-{100 + index * 37 % 900:03d}",
        "area_type": "1" if gmina in URBAN_GMINY else ("2" if index % 7 == 3 else "3"),
        "phone": f"+48 600 {100 + index:03d} {200 + index:03d}",
        "labour_status": rules.LabourStatus.EMPLOYED,
        "occupation": occupation,
        "institution_name": profile.institution_name
        or "Gminny Ośrodek Pomocy Społecznej",
        "institution_nip": nip_for(profile.institution_name or "GOPS"),
        "institution_type": institution_type,
        "special": special,
    }


def seed(*, home=None, stdout) -> None:
    people = User.objects.filter(email__in=demo_people.PARTICIPANT_EMAILS).order_by(
        "email"
    )
    made = 0
    index = 0
    for user in people:
        if not support_forms_for(user=user):
            continue
        if not ParticipantData.objects.filter(user=user).exists():
            participant_data_save(user=user, data=_data_for(user, index))
            made += 1
        record = participation_refresh(user_id=user.pk)
        # The situation after leaving, for the export; the first person
        # has not answered yet, so /moje/ shows them the prompt.
        if index and record.ended_on and not record.situation_after:
            participant_situation_after_set(
                user=user,
                situation=DEMO_SITUATIONS[index % len(DEMO_SITUATIONS)],
            )
        index += 1
    stdout.write(f"  monitoring: {made} participants' EFS data\n")
