from django import template

from szkola.accounts.permissions import user_may_act_on_voivodeship

from ..models import Registration

register = template.Library()


@register.simple_tag
def qa_link_shown(user, event, registration=None) -> bool:
    """The event page links to its live rooms for its coordinators, and for
    participants with a confirmed place once a room is open."""
    if not user.is_authenticated:
        return False
    if user_may_act_on_voivodeship(user, event.organiser):
        return True
    confirmed = (
        registration is not None
        and registration.status == Registration.Status.CONFIRMED
    )
    return confirmed and event.qa_rooms.exists()
