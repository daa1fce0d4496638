"""iCalendar (RFC 5545) for events: one file per registration, the personal
feed, and the iMIP parts (RFC 6047) that go with emails.

- Every file carries the ``VTIMEZONE`` of Europe/Warsaw (RFC 5545 §3.2.19),
  so strict clients need no time-zone database of their own.
- One ``VEVENT`` per day (participants see each day's hours), with a UID on
  the site's own domain that never changes (``event-12-day-34@host``), and
  the ``SEQUENCE`` and ``LAST-MODIFIED`` the event's state keeps: they move
  on whenever the days' times change (``events.services.calendar``).
- ``METHOD``: ``PUBLISH`` for downloads and the feed, ``REQUEST`` for the
  email confirming a place (with the participant as the attendee),
  ``CANCEL`` when the place or the whole event is cancelled, so the entry
  disappears from the participant's calendar.
"""

import datetime
from email.mime.text import MIMEText
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from szkola.home.links import page_public_url, public_host

PRODID = "-//Szkoła Kooperacji//Wydarzenia//PL"

PUBLISH = "PUBLISH"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def _calendar(*, method: str, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _finish(calendar: Calendar, days: list) -> bytes:
    """Add the VTIMEZONE the events refer to, covering a year either side of
    them (enough for every client; 1970–2038 would be ~140 observances)."""
    dates = [d.date for d in days]
    if dates:
        calendar.add_missing_timezones(
            first_date=min(dates) - datetime.timedelta(days=366),
            last_date=max(dates) + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def day_uid(event, day) -> str:
    """The stable UID of one day of an event, on the site's own domain."""
    return f"event-{event.pk}-day-{day.pk}@{public_host()}"


def _organiser() -> vCalAddress:
    from szkola.home.emails import email_context

    site_settings = email_context()["site_settings"]
    address = site_settings.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organiser = vCalAddress(f"mailto:{address}")
    organiser.params["cn"] = vText(site_settings.organisation_name)
    return organiser


def _attendee(user, *, method: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{user.email}")
    name = user.get_full_name()
    if name:
        attendee.params["cn"] = vText(name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("DECLINED" if method == CANCEL else "ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    return attendee


def _state_values(event) -> tuple[int, datetime.datetime, bool]:
    """(sequence, last modified, cancelled) from the event's state row."""
    from .models import EventState

    try:
        state = event.state
    except EventState.DoesNotExist:
        state = None
    fallback = event.last_published_at or event.latest_revision_created_at
    if state is None:
        return 0, fallback or timezone.now(), False
    modified = state.calendar_modified_at or fallback or timezone.now()
    return state.calendar_sequence, modified, state.cancelled_at is not None


def _add_event_days(
    calendar: Calendar, event, *, method: str, attendee=None, organiser=None
) -> list:
    tz = ZoneInfo(settings.TIME_ZONE)
    sequence, modified, event_cancelled = _state_values(event)
    cancelled = event_cancelled or method == CANCEL
    location = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    url = page_public_url(event)
    now = timezone.now()
    organiser = organiser or _organiser()
    days = event.ordered_days
    for day in days:
        vevent = Event()
        vevent.add("uid", day_uid(event, day))
        vevent.add("dtstamp", now)
        vevent.add("last-modified", modified)
        vevent.add("sequence", sequence)
        vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        vevent.add("summary", event.title)
        vevent.add("dtstart", datetime.datetime.combine(day.date, day.start, tzinfo=tz))
        vevent.add("dtend", datetime.datetime.combine(day.date, day.end, tzinfo=tz))
        vevent.add("organizer", organiser)
        if attendee is not None:
            vevent.add("attendee", _attendee(attendee, method=method))
        if location:
            vevent.add("location", location)
        if event.lead:
            vevent.add("description", event.lead)
        if url:
            vevent.add("url", url)
        calendar.add_component(vevent)
    return days


def event_ics(event, *, method: str = PUBLISH, attendee=None) -> bytes:
    """The event's days as an .ics file. ``attendee`` (a user) goes into
    ``REQUEST`` and ``CANCEL`` messages, which RFC 5546 requires to name
    the attendee."""
    calendar = _calendar(method=method)
    days = _add_event_days(calendar, event, method=method, attendee=attendee)
    return _finish(calendar, days)


def feed_ics(events, *, name: str) -> bytes:
    """A feed of several events (the days of each)."""
    calendar = _calendar(method=PUBLISH, name=name)
    organiser = _organiser()
    days = []
    for event in events:
        days += _add_event_days(calendar, event, method=PUBLISH, organiser=organiser)
    return _finish(calendar, days)


def ics_mime_part(content: bytes, *, method: str, filename: str) -> MIMEText:
    """The .ics as an email attachment of type ``text/calendar; method=…``
    (RFC 6047 §2.4), which mail clients offer to add to (or, for
    ``CANCEL``, remove from) the calendar."""
    part = MIMEText(content.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
