"""Reads of the participant data and who may make them.

Every read of one person's data by someone else is audited
(``monitoring.participant.read``); lists show only non-identifying columns.
Access asks ``szkola.accounts.selectors`` (the one access-control module).
"""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.permissions import (
    user_is_coordinator,
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)
from szkola.accounts.services import audit_log

from . import rules
from .errors import MonitoringError
from .models import ParticipantData

COURSE_KIND = "course"


def user_may_use_monitoring(user) -> bool:
    """Coordinators (any scope) and superusers; never trainers alone."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user_is_coordinator(user))
    )


def records_in_scope(*, user) -> QuerySet[ParticipantData]:
    """Records whose voivodeship the user may act on (none for others)."""
    if not user_may_use_monitoring(user):
        return ParticipantData.objects.none()
    scope = user_voivodeships_in_scope(user)
    records = ParticipantData.objects.select_related("user")
    return records if scope is None else records.filter(voivodeship__in=scope)


def scope_check(*, user, voivodeship: str | None) -> None:
    """Raise MonitoringError ``scope`` unless ``user`` may see that
    voivodeship (``None``: everything, for the leader's team only)."""
    if not user_may_use_monitoring(user):
        raise MonitoringError(
            "scope", _("Dane monitoringu widzą tylko koordynatorzy projektu.")
        )
    allowed = (
        user_voivodeships_in_scope(user) is None
        if not voivodeship
        else user_may_act_on_voivodeship(user, voivodeship)
    )
    if not allowed:
        raise MonitoringError(
            "scope",
            _(
                "Nie masz dostępu do danych uczestników tego województwa: "
                "koordynator widzi tylko swoje województwo."
            ),
        )


def participant_data_read(*, actor: User, pk: int) -> ParticipantData:
    """One person's record for a coordinator in scope; audited.

    Raises MonitoringError ``not_found`` or ``scope``."""
    record = ParticipantData.objects.select_related("user").filter(pk=pk).first()
    if record is None or record.is_anonymised:
        raise MonitoringError("not_found", _("Nie ma takiego uczestnika."))
    scope_check(user=actor, voivodeship=record.voivodeship)
    audit_log(actor=actor, action="monitoring.participant.read", obj=record)
    return record


def participant_data_own(*, user: User) -> ParticipantData | None:
    """The person's own record (reading one's own data is not audited)."""
    if not user.is_authenticated:
        return None
    return ParticipantData.objects.filter(user=user).first()


def support_forms_for(*, user: User) -> list[dict]:
    """The forms of support a person has taken part in, as plain JSON: an
    event with a confirmed place and at least one day present (or
    completed), and every course enrolment not cancelled."""
    from courses.models import Enrolment
    from events.models import Registration

    forms = []
    registrations = (
        Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED)
        .select_related("event")
        .prefetch_related("event__days", "attendances__day")
    )
    for registration in registrations:
        event = registration.event
        present = [a.day for a in registration.attendances.all() if a.present]
        completed = registration.completed_at is not None
        if not present and not completed:
            continue
        hours = (
            event.total_hours
            if completed
            else sum((d.hours for d in present), Decimal(0))
        )
        forms.append(
            {
                "kind": event.kind,
                "kind_label": str(event.get_kind_display()),
                "title": event.title,
                "date_from": _iso(event.date_from),
                "date_to": _iso(event.date_to),
                "hours": str(hours),
                "completed": completed,
            }
        )
    enrolments = (
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("course")
    )
    for enrolment in enrolments:
        completed = enrolment.status == Enrolment.Status.COMPLETED
        forms.append(
            {
                "kind": COURSE_KIND,
                "kind_label": _("kurs e-learningowy"),
                "title": enrolment.course.title,
                "date_from": _iso(timezone.localtime(enrolment.enrolled_at).date()),
                "date_to": _iso(timezone.localtime(enrolment.completed_at).date())
                if enrolment.completed_at
                else None,
                "hours": str(enrolment.course.hours if completed else Decimal(0)),
                "completed": completed,
            }
        )
    forms.sort(key=lambda f: (f["date_from"] or "", f["title"]))
    return forms


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def participant_data_missing(*, user) -> bool:
    return not ParticipantData.objects.filter(user=user).exists()


# Codes every SL2014 row needs; a record saved before a question was added
# (or imported) may lack one.
_REQUIRED_CODES = (
    "sex",
    "education",
    "voivodeship",
    "area_type",
    "labour_status",
    "institution_name",
    "institution_nip",
    "institution_type",
)


def participant_data_todo(*, user) -> str:
    """What the person still owes the EFS monitoring, for the prompt on
    /moje/: "missing" (nothing given yet), "incomplete" (a required answer
    is empty), "situation_after" (participation ended and the situation
    after it is not known), or "" when nothing."""
    if not user.is_authenticated:
        return ""
    record = ParticipantData.objects.filter(user=user).first()
    if record is None:
        return "missing"
    answers = record.special_answers
    if any(not getattr(record, name) for name in _REQUIRED_CODES) or any(
        answers.get(key) not in rules.Answer.values
        for key in rules.SPECIAL_SITUATION_KEYS
    ):
        return "incomplete"
    if record.situation_after_missing:
        return "situation_after"
    return ""


def records_for_export(
    *,
    user: User | None,
    voivodeship: str | None = None,
    date_from=None,
    date_to=None,
    include_anonymised: bool = False,
) -> list[ParticipantData]:
    """Participants who started their first form of support in the period
    (both ends inclusive), of one voivodeship or all. ``user`` None is the
    shell operator (management command, full access); anyone else must have
    the voivodeship in scope, or be the leader's team for "all".

    Raises MonitoringError ``scope``."""
    if user is not None:
        scope_check(user=user, voivodeship=voivodeship)
    records = ParticipantData.objects.select_related("user").filter(
        started_on__isnull=False
    )
    if not include_anonymised:
        records = records.filter(anonymised_at__isnull=True)
    if voivodeship:
        records = records.filter(voivodeship=voivodeship)
    if date_from:
        records = records.filter(started_on__gte=date_from)
    if date_to:
        records = records.filter(started_on__lte=date_to)
    return list(records.order_by("voivodeship", "started_on", "pk"))
