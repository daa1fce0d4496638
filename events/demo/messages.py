"""Demo data: one message from each coordinator to the people registered for
an event of their voivodeship (the leader's coordinator: the macroregional
conference). Sent through the services with emails muted: the notifications
are stored, no email goes to the made-up addresses."""

from django.db.models import Count, Q

from szkola.accounts.constants import Organiser
from szkola.accounts.models import User
from szkola.home import demo_people as people

from ..errors import EventError
from ..models import EventPage, Registration
from ..models.messages import EventMessage
from ..services import event_message_draft, event_message_send

Status = Registration.Status
STATUSES = [Status.CONFIRMED, Status.PENDING, Status.WAITLISTED]
SUBJECT = "Informacje organizacyjne"
BODY = (
    "Dziękujemy za zgłoszenie. Prosimy zabrać ze sobą dowód osobisty; "
    "zaświadczenia wydamy po zamknięciu listy obecności. W razie pytań "
    "prosimy o kontakt z zespołem koordynatorów."
)


def _coordinator(code: str) -> User | None:
    email = (
        people.LEADER_COORDINATOR_EMAIL
        if code == Organiser.MACROREGION
        else people.COORDINATOR_EMAILS.get(code)
    )
    return User.objects.filter(email=email).first() if email else None


def messages_seed() -> int:
    """Send the demo messages that are missing; returns how many were sent."""
    sent = 0
    for code in [*people.COORDINATOR_EMAILS, Organiser.MACROREGION]:
        coordinator = _coordinator(code)
        if coordinator is None:
            continue
        if EventMessage.objects.filter(
            author=coordinator, sent_at__isnull=False
        ).exists():
            continue
        event = (
            EventPage.objects.filter(organiser=code)
            .annotate(
                people=Count(
                    "registrations", filter=Q(registrations__status__in=STATUSES)
                )
            )
            .filter(people__gt=0)
            .order_by("-people", "pk")
            .first()
        )
        if event is None:
            continue
        try:
            draft = event_message_draft(
                event=event,
                actor=coordinator,
                statuses=STATUSES,
                subject=SUBJECT,
                body=BODY,
            )
            event_message_send(message=draft, actor=coordinator)
        except EventError:
            continue
        sent += 1
    return sent
