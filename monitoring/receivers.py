"""How monitoring hears about the apps below it, which never import it."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .selectors import participant_data_missing


def participation_prerequisite(sender, *, user, next_url: str, **kwargs):
    """Before the first registration or enrolment: the participant data."""
    if not getattr(settings, "MONITORING_PARTICIPANT_DATA_REQUIRED", True):
        return None
    if not participant_data_missing(user=user):
        return None
    return {
        "url": f"{reverse('monitoring:participant')}?{urlencode({'next': next_url})}",
        "message": _(
            "Zanim weźmiesz udział w pierwszej formie wsparcia, podaj dane "
            "uczestnika projektu, których wymaga Europejski Fundusz Społeczny. "
            "Te dane podajesz tylko raz."
        ),
    }


def refresh_after_commit(user_id: int | None) -> None:
    if not user_id:
        return
    from .services import participation_refresh

    transaction.on_commit(lambda: participation_refresh(user_id=user_id))


def registration_saved(sender, instance, created=False, raw=False, **kwargs):
    # A form of support is a registration with a day attended or completed:
    # a new one has no attendance yet, so unless it comes completed (an
    # import) it changes nothing, and a burst of registrations then skips
    # a locked read, decryption and a write of the person's data each.
    if raw or (created and instance.completed_at is None):
        return
    refresh_after_commit(instance.user_id)


def attendance_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_after_commit(instance.registration.user_id)


def enrolment_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_after_commit(instance.user_id)


def completed(sender, *, user_id: int, **kwargs):
    # Sent after commit already: refresh at once.
    from .services import participation_refresh

    participation_refresh(user_id=user_id)


def account_deleting(sender, *, user, **kwargs):
    from .services import participant_data_anonymise

    participant_data_anonymise(user=user)


def personal_data_section(sender, *, user, **kwargs):
    """The person's own export includes their participant data (RODO art. 15:
    the right of access covers it; nobody else's data is in it)."""
    from .selectors import participant_data_own

    record = participant_data_own(user=user)
    if record is None:
        return None
    return {
        "efs_participant_data": {
            "notice_version": record.notice_version,
            "notice_accepted_at": record.notice_accepted_at.isoformat(),
            "pesel": record.pesel,
            "no_pesel": record.no_pesel,
            "birth_date": record.birth_date,
            "sex": record.sex,
            "education_isced": record.education,
            "address": {
                "country": record.country,
                "voivodeship": record.voivodeship,
                "powiat": record.powiat,
                "gmina": record.gmina,
                "town": record.town,
                "street": record.street,
                "building_number": record.building_number,
                "flat_number": record.flat_number,
                "postcode": record.postcode,
                "area_type_degurba": record.area_type,
            },
            "phone": record.phone,
            "labour_status": record.labour_status,
            "occupation": record.occupation,
            "institution": {
                "name": record.institution_name,
                "nip": record.institution_nip,
                "type": record.institution_type,
            },
            "special_situations": record.special_answers,
            "participation": {
                "started_on": str(record.started_on or ""),
                "ended_on": str(record.ended_on or ""),
                "support_completed": record.support_completed,
                "support": record.support,
            },
        }
    }
