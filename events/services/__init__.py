"""Every write of the events app (see the modules for the rules)."""

from ..rules import (
    allowed_nights,
    checkin_group,
    checkin_token,
    manual_code,
    meets_rule,
)
from .attendance import (
    attendance_close,
    attendance_correct,
    checkin,
    completion_source,
    finished_events_close,
)
from .calendar import event_calendar_refresh
from .decisions import (
    registration_approve,
    registration_reject,
    registrations_cancel,
    registrations_decide,
    registrations_reject,
)
from .desk import AddChannel, event_capacity_override, registration_add
from .documents import attendance_scan_upload
from .feeds import calendar_feed_get_or_create, calendar_feed_reset
from .messages import (
    event_message_draft,
    event_message_send,
    message_recipients,
)
from .places import ensure_coordinator, event_lock
from .registrations import (
    event_cancel,
    registration_cancel,
    registration_create,
    registrations_release,
)
from .reminders import event_reminders_send, event_reminders_send_now
from .waitlist import registration_offer_accept, waitlist_move, waitlist_offers_expire

__all__ = [
    "AddChannel",
    "event_capacity_override",
    "registration_add",
    "registrations_cancel",
    "registrations_reject",
    "allowed_nights",
    "attendance_close",
    "attendance_correct",
    "attendance_scan_upload",
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
    "event_message_draft",
    "event_message_send",
    "event_reminders_send",
    "event_reminders_send_now",
    "finished_events_close",
    "manual_code",
    "meets_rule",
    "message_recipients",
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
