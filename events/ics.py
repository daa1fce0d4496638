"""iCalendar (RFC 5545) for events: one file per registration and a feed."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Szkoła Kooperacji//Wydarzenia//PL"


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _site_host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    return hosts[0] if hosts else "localhost"


def _add_event_days(calendar: Calendar, event, *, url: str = "") -> None:
    """One VEVENT per day: participants see the actual hours of each day."""
    tz = timezone.get_current_timezone()
    location = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    for day in event.ordered_days:
        vevent = Event()
        vevent.add("uid", f"event-{event.pk}-day-{day.pk}@{_site_host()}")
        vevent.add("dtstamp", timezone.now())
        vevent.add("summary", event.title)
        vevent.add("dtstart", datetime.datetime.combine(day.date, day.start, tzinfo=tz))
        vevent.add("dtend", datetime.datetime.combine(day.date, day.end, tzinfo=tz))
        if location:
            vevent.add("location", location)
        if event.lead:
            vevent.add("description", event.lead)
        if url:
            vevent.add("url", url)
        calendar.add_component(vevent)


def event_ics(event, *, url: str = "") -> bytes:
    """The event's days as an .ics file."""
    calendar = _calendar()
    _add_event_days(calendar, event, url=url)
    return calendar.to_ical()


def feed_ics(events, *, name: str) -> bytes:
    """A feed of several events (the days of each)."""
    calendar = _calendar(name)
    for event in events:
        _add_event_days(calendar, event, url=event.full_url or "")
    return calendar.to_ical()
