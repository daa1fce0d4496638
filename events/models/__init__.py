"""Trainings, exchange visits and conferences: pages, days, registrations,
attendance, messages, scanned documents and live Q&A (``events.qa``).

Page fields are what editors write (and Wagtail revisions restore); the
operational state that services change (cancellation, the closing of the
attendance list) lives in ``EventState`` so that publishing an old revision
never undoes it. ``EventState`` is also the row that registrations lock.

Every model module is imported here, so Django finds them all under the
``events`` app label and callers import from ``events.models``.
"""

from ..qa.models import Poll, PollOption, PollVote, QARoom, Question, QuestionVote
from ..rules import AttendanceRule, new_checkin_code
from .attendance import Attendance
from .documents import AttendanceScan
from .messages import EventMessage, EventMessageRecipient, RegistrationReminder
from .pages import (
    EventDay,
    EventIndexPage,
    EventKind,
    EventPage,
    EventQuota,
    ProgrammeItem,
    Speaker,
)
from .registrations import (
    CalendarFeed,
    Diet,
    EventState,
    Registration,
    new_feed_token,
)

# The names the historical migrations give the fields' defaults.
_new_checkin_code = new_checkin_code
_new_feed_token = new_feed_token

__all__ = [
    "Attendance",
    "AttendanceRule",
    "AttendanceScan",
    "CalendarFeed",
    "Diet",
    "EventDay",
    "EventIndexPage",
    "EventKind",
    "EventMessage",
    "EventMessageRecipient",
    "EventPage",
    "EventQuota",
    "EventState",
    "Poll",
    "PollOption",
    "PollVote",
    "ProgrammeItem",
    "QARoom",
    "Question",
    "QuestionVote",
    "Registration",
    "RegistrationReminder",
    "Speaker",
    "new_checkin_code",
    "new_feed_token",
]
