"""Factories for monitoring tests: plain functions over the real services."""

from szkola.accounts.tests.factories import (  # noqa: F401 - re-exported
    coordinator_create,
    mark_session_mfa,
    trainer_create,
    user_create,
)

from ..rules import SPECIAL_SITUATION_KEYS
from ..services import participant_data_save

# Real-format numbers whose check digits hold.
PESEL_MALE_1944 = "44051401359"  # 14 May 1944, male
PESEL_FEMALE_1985 = "85010112345"  # 1 January 1985, female
NIP_VALID = "5260250274"  # Ministerstwo Finansów
NIP_VALID_2 = "7680002466"


def participant_form_data(**overrides) -> dict:
    """What the form posts for a podlaskie social worker (all valid)."""
    data = {
        "notice_accepted": "on",
        "pesel": PESEL_FEMALE_1985,
        "education": "7",
        "voivodeship": "20",
        "powiat": "białostocki",
        "gmina": "Choroszcz",
        "town": "Choroszcz",
        "street": "Dominikańska",
        "building_number": "2",
        "flat_number": "",
        "postcode": "16-070",
        "area_type": "3",
        "phone": "+48 600 100 200",
        "labour_status": "employed",
        "occupation": "social_assistance",
        "institution_name": "Gminny Ośrodek Pomocy Społecznej w Choroszczy",
        "institution_nip": NIP_VALID,
        "institution_type": "social_assistance",
        **{f"special_{key}": "no" for key in SPECIAL_SITUATION_KEYS},
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def service_data(**overrides) -> dict:
    """The same as the service takes it."""
    form = participant_form_data(**overrides)
    data = {k: v for k, v in form.items() if not k.startswith("special_")}
    data["notice_accepted"] = bool(form.get("notice_accepted"))
    data["no_pesel"] = bool(form.get("no_pesel"))
    data["special"] = {
        key: form.get(f"special_{key}", "") for key in SPECIAL_SITUATION_KEYS
    }
    return data


def participant_data_create(*, user=None, voivodeship="20", **overrides):
    user = user or user_create()
    return participant_data_save(
        user=user, data=service_data(voivodeship=voivodeship, **overrides)
    )


def participation_ended(record):
    """Participation ended (as participation_refresh would record it)."""
    import datetime

    from ..models import ParticipantData

    ParticipantData.objects.filter(pk=record.pk).update(
        started_on=datetime.date(2021, 2, 15),
        ended_on=datetime.date(2021, 2, 16),
        support_completed=True,
    )
    record.refresh_from_db()
    return record


def support_started(record, day="2021-02-15"):
    """``record`` with a completed two-day training on ``day`` (ISO) as its
    support, participation started that day."""
    import datetime

    record.started_on = datetime.date.fromisoformat(day)
    record.support = [
        {
            "kind": "training2",
            "kind_label": "szkolenie dwudniowe",
            "title": "Szkolenie",
            "date_from": day,
            "date_to": day,
            "hours": "16.0",
            "completed": True,
        }
    ]
    record.save()
    return record
