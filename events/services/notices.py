"""What a participant is told when their registration changes status (an
in-app notification and an email, through ``messaging``)."""

from django.utils.translation import gettext_noop as N_

from szkola.live.texts import Text

from ..messaging import registration_announce
from ..models import Registration

Status = Registration.Status

_ANNOUNCEMENTS = {
    Status.CONFIRMED: (
        N_("Miejsce potwierdzone: %(title)s"),
        N_("Twoje miejsce na wydarzeniu „%(title)s” jest potwierdzone."),
    ),
    Status.PENDING: (
        N_("Zgłoszenie przyjęte: %(title)s"),
        N_(
            "Przyjęliśmy Twoje zgłoszenie na wydarzenie „%(title)s”. "
            "Czeka na akceptację koordynatora."
        ),
    ),
    Status.WAITLISTED: (
        N_("Lista rezerwowa: %(title)s"),
        N_(
            "Brak wolnych miejsc na wydarzeniu „%(title)s”. Jesteś na liście "
            "rezerwowej; gdy zwolni się miejsce, damy Ci znać."
        ),
    ),
    Status.REJECTED: (
        N_("Zgłoszenie odrzucone: %(title)s"),
        N_("Twoje zgłoszenie na wydarzenie „%(title)s” zostało odrzucone."),
    ),
    Status.CANCELLED: (
        N_("Zgłoszenie anulowane: %(title)s"),
        N_("Twoje zgłoszenie na wydarzenie „%(title)s” zostało anulowane."),
    ),
}


def registration_notice(
    registration: Registration, *, extra: Text | None = None
) -> None:
    """Tell the participant the registration's current status, with ``extra``
    (a reason, say) after the standard text."""
    # The strings above are only marked: the notification keeps them and
    # their values and is shown in the language of whoever reads it.
    title, body = _ANNOUNCEMENTS[registration.status]
    values = {"title": registration.event.title}
    registration_announce(
        registration=registration,
        title=Text(title, values),
        body=[Text(body, values), extra],
    )
