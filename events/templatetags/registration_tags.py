"""How a registration's needs read on the participant's pages."""

import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def night_labels(nights) -> list[str]:
    """["2026-10-30"] → ["30/31 października 2026"]: the night from one day
    to the next, as hotels and participants say it."""
    labels = []
    for value in sorted(nights or []):
        try:
            night = datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            continue
        following = night + datetime.timedelta(days=1)
        if night.month == following.month:
            labels.append(f"{night.day}/{date_format(following, 'j E Y')}")
        else:
            labels.append(
                f"{date_format(night, 'j E')}/{date_format(following, 'j E Y')}"
            )
    return labels


@register.filter
def needs_changeable(registration) -> bool:
    """Whether the participant may still change the needs of
    ``registration`` (see ``registration_needs_refusal``)."""
    from ..services.needs import registration_needs_refusal

    return registration_needs_refusal(registration=registration) is None
