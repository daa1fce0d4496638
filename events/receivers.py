"""Listeners of signals other apps send."""

from .models import Attendance, Registration


def personal_data_section(sender, *, user, **kwargs) -> dict:
    """The person's registrations and attendance for their data export."""
    registrations = Registration.objects.filter(user=user).select_related("event")
    attendance = Attendance.objects.filter(registration__user=user).select_related(
        "day"
    )
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
                "nights": r.nights,
                "meals": r.meals,
                "diet": r.diet,
                "diet_notes": r.diet_notes,
                "accessibility_needs": r.accessibility_needs,
                "institution_name": r.institution_name,
                "completed_at": r.completed_at.isoformat() if r.completed_at else None,
            }
            for r in registrations
        ],
        "event_attendance": [
            {
                "registration": a.registration_id,
                "date": a.day.date.isoformat(),
                "present": a.present,
                "method": a.method,
            }
            for a in attendance
        ],
    }


def release_places(sender, *, user, **kwargs) -> None:
    """A person deleting their account gives up the places they hold, so the
    people waiting get them."""
    from .services import registrations_release

    registrations_release(user=user)


def event_published(sender, *, instance, revision=None, **kwargs) -> None:
    """A published change to an event's days or place reaches calendars."""
    from .services import event_calendar_refresh

    actor = getattr(revision, "user", None) if revision is not None else None
    event_calendar_refresh(event=instance, actor=actor)
