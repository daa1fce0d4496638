"""Catering and accommodation lists of an event: what the venue needs to
know, per day and per night, from the confirmed registrations."""

import datetime

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .models import Diet, EventPage, Registration
from .rules import allowed_nights

Status = Registration.Status

MEAL_LABELS = {
    "breakfast": _("śniadanie"),
    "lunch": _("obiad"),
    "supper": _("kolacja"),
}


def catering_list(*, event: EventPage) -> list[dict]:
    """Per day: confirmed participants who take meals, with their diets, and
    how many of each meal per diet.

    Meals follow the stay: lunch every day for everyone who eats; breakfast
    on a day for those who slept over the night before; supper on a day for
    those who stay the night after it. ``totals`` is
    ``[(meal label, {diet code: count}, total)]`` and ``diets`` the diet codes
    that occur (in the order of ``Diet``)."""
    registrations = list(
        Registration.objects.filter(
            event=event, status=Status.CONFIRMED, meals=True
        ).order_by(Lower("participant_name"), "pk")
    )
    diets = [code for code in Diet.values if any(r.diet == code for r in registrations)]
    days = []
    for day in event.ordered_days:
        eve = (day.date - datetime.timedelta(days=1)).isoformat()
        night = day.date.isoformat()
        eaters = {
            MEAL_LABELS["breakfast"]: [
                r for r in registrations if eve in (r.nights or [])
            ],
            MEAL_LABELS["lunch"]: registrations,
            MEAL_LABELS["supper"]: [
                r for r in registrations if night in (r.nights or [])
            ],
        }
        totals = []
        for label, people in eaters.items():
            per_diet = {
                code: sum(1 for r in people if r.diet == code) for code in diets
            }
            totals.append((label, per_diet, len(people)))
        days.append(
            {
                "day": day,
                "registrations": registrations,
                "totals": totals,
                "diets": diets,
            }
        )
    return days


def accommodation_list(*, event: EventPage) -> list[dict]:
    """Per night: confirmed participants who stay that night (``count``)."""

    registrations = list(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).order_by(
            Lower("participant_name"), "pk"
        )
    )
    nights = []
    for night in allowed_nights(event):
        staying = [r for r in registrations if night.isoformat() in (r.nights or [])]
        nights.append({"night": night, "registrations": staying, "count": len(staying)})
    return nights
