"""What the registrations desk tests share: the desk's URLs and a snapshot
of everything a desk action could change (the signed-in podlaskie
coordinator is the ``desk_coordinator`` fixture in conftest.py)."""

from django.urls import reverse

from szkola.accounts.models import AuditEntry, User

from ..models import Attendance, EventState, Registration

OUT_OF_SCOPE = "Nie koordynujesz wydarzeń tego organizatora"


def url(name, event, query=""):
    return reverse(f"events_admin:{name}", args=[event.pk]) + query


def snapshot():
    return (
        list(
            Registration.objects.order_by("pk").values_list(
                "status", "waitlist_rank", "decision_reason"
            )
        ),
        list(EventState.objects.values_list("cancelled_at", "capacity_override")),
        Attendance.objects.count(),
        User.objects.count(),
        AuditEntry.objects.filter(action__startswith="events.").count(),
    )
