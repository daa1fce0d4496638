"""Every write of the events app (see the modules for the rules)."""

from .attendance import (
    attendance_close,
    attendance_correct,
    checkin,
    checkin_group,
    checkin_token,
    completion_source,
    finished_events_close,
    manual_code,
    meets_rule,
)
from .calendar import event_calendar_refresh
from .feeds import calendar_feed_get_or_create, calendar_feed_reset
from .places import ensure_coordinator, event_lock
from .registrations import (
    allowed_nights,
    event_cancel,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_reject,
    registrations_decide,
    registrations_release,
)
from .waitlist import registration_offer_accept, waitlist_move, waitlist_offers_expire

__all__ = [
    "allowed_nights",
    "attendance_close",
    "attendance_correct",
    "calendar_feed_get_or_create",
    "calendar_feed_reset",
    "checkin",
    "checkin_group",
    "checkin_token",
    "completion_source",
    "ensure_coordinator",
    "event_calendar_refresh",
    "event_cancel",
    "event_lock",
    "finished_events_close",
    "manual_code",
    "meets_rule",
    "registration_approve",
    "registration_cancel",
    "registration_create",
    "registration_offer_accept",
    "registration_reject",
    "registrations_decide",
    "registrations_release",
    "waitlist_move",
    "waitlist_offers_expire",
]
