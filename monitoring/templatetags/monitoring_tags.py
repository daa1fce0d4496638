"""What the participant's dashboard asks of the monitoring app (the
accounts app, below it, never imports it)."""

from django import template

from ..selectors import participant_data_todo

register = template.Library()


@register.simple_tag(takes_context=True)
def participant_data_status(context) -> str:
    """See ``selectors.participant_data_todo``."""
    request = context.get("request")
    if request is None:
        return ""
    return participant_data_todo(user=request.user)
