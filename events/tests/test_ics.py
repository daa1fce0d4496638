"""Calendar files read back by two independent parsers (icalendar and
vobject): the Warsaw VTIMEZONE (RFC 5545 §3.2.19), stable UIDs on the
site's domain, SEQUENCE/LAST-MODIFIED that move when the times change,
STATUS and ORGANIZER."""

import datetime

import icalendar
import pytest
import time_machine
import vobject
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from ..ics import CANCEL, REQUEST, event_ics, feed_ics
from ..models import EventPage
from .factories import event_create, register, user_create

pytestmark = [
    pytest.mark.django_db(transaction=False),
    pytest.mark.usefixtures("public_address"),
]

UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def public_address():
    with override_settings(WAGTAILADMIN_BASE_URL="https://szkola.example.org"):
        yield


def _both(content: bytes):
    """The file parsed by both parsers (each fails on a malformed file)."""
    return icalendar.Calendar.from_ical(content), vobject.readOne(content.decode())


# 23:30 UTC on 1 October is already the 2nd in Warsaw; the event is on the
# day summer time ends (25 October) and the next day.
@time_machine.travel(datetime.datetime(2026, 10, 1, 23, 30, tzinfo=UTC))
def test_event_file_carries_warsaw_timezone_and_both_parsers_agree_on_times():
    event = event_create(days=2, first_day=datetime.date(2026, 10, 25))

    content = event_ics(event)
    ical, vcal = _both(content)

    [timezone] = ical.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Warsaw"
    assert {c.name for c in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert ical["METHOD"] == "PUBLISH"
    starts = [e.decoded("DTSTART") for e in ical.walk("VEVENT")]
    assert [s.astimezone(UTC) for s in starts] == [
        datetime.datetime(2026, 10, 25, 8, 0, tzinfo=UTC),  # 9:00 CET
        datetime.datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
    ]
    # vobject builds the time zone from the file's own VTIMEZONE.
    vstarts = sorted(v.dtstart.value for v in vcal.vevent_list)
    assert [s.utcoffset() for s in vstarts] == [HOUR, HOUR]
    assert [s.astimezone(UTC) for s in vstarts] == [s.astimezone(UTC) for s in starts]


@time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
def test_summer_time_day_is_two_hours_ahead_in_both_parsers():
    event = event_create(days=1, first_day=datetime.date(2026, 3, 29))

    ical, vcal = _both(event_ics(event))

    [vevent] = ical.walk("VEVENT")
    assert vevent.decoded("DTSTART").utcoffset() == 2 * HOUR
    assert vcal.vevent.dtstart.value.utcoffset() == 2 * HOUR
    assert vcal.vevent.dtend.value.astimezone(UTC) == datetime.datetime(
        2026, 3, 29, 14, 0, tzinfo=UTC
    )


def test_uids_are_stable_and_on_the_sites_domain_with_status_and_organiser():
    event = event_create(days=2)

    first, vcal = _both(event_ics(event))
    again, _ = _both(event_ics(EventPage.objects.get(pk=event.pk)))

    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in again.walk("VEVENT")]
    assert len(set(uids)) == 2
    assert all(uid.endswith("@szkola.example.org") for uid in uids)
    for vevent in first.walk("VEVENT"):
        assert vevent["STATUS"] == "CONFIRMED"
        assert str(vevent["ORGANIZER"]).startswith("mailto:")
        assert vevent["ORGANIZER"].params["CN"] == "Szkoła Kooperacji"
        assert vevent["SEQUENCE"] == 0
        assert vevent.decoded("LAST-MODIFIED")
        assert str(vevent["URL"]).startswith("https://szkola.example.org/")
    assert {v.uid.value for v in vcal.vevent_list} == set(uids)


def test_request_and_cancel_name_the_attendee():
    event = event_create(days=1)
    user = user_create(email="ewa@example.org")

    request, _ = _both(event_ics(event, method=REQUEST, attendee=user))
    cancel, vcancel = _both(event_ics(event, method=CANCEL, attendee=user))

    assert request["METHOD"] == "REQUEST"
    [vevent] = request.walk("VEVENT")
    assert str(vevent["ATTENDEE"]) == "mailto:ewa@example.org"
    assert vevent["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert cancel["METHOD"] == "CANCEL"
    [cancelled] = cancel.walk("VEVENT")
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["UID"] == vevent["UID"]
    assert vcancel.vevent.status.value == "CANCELLED"


def _move_first_day(event: EventPage, *, start: datetime.time) -> EventPage:
    page = EventPage.objects.get(pk=event.pk)
    days = list(page.days.all())
    days[0].start = start
    page.days = days
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_changed_times_move_sequence_and_last_modified_and_reach_participants(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 10, 0, tzinfo=UTC)):
        event = event_create(days=2, first_day=datetime.date(2026, 6, 10))
        with django_capture_on_commit_callbacks(execute=True):
            registration = register(event)
        before, _ = _both(event_ics(event))
    mail.outbox.clear()

    with time_machine.travel(datetime.datetime(2026, 5, 2, 23, 30, tzinfo=UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            event = _move_first_day(event, start=datetime.time(10, 0))
        after, vafter = _both(event_ics(event))

    [old, _] = before.walk("VEVENT")
    [new, _] = after.walk("VEVENT")
    assert new["UID"] == old["UID"]
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")
    assert new.decoded("DTSTART").hour == 10
    assert sorted(v.sequence.value for v in vafter.vevent_list) == ["1", "1"]
    [message] = mail.outbox
    assert message.to == [registration.user.email]
    assert "Zmiana w wydarzeniu" in message.subject
    [part] = message.attachments
    assert part.get_param("method") == "REQUEST"
    assert "SEQUENCE:1" in part.get_payload(decode=True).decode()


def test_publishing_unchanged_moves_nothing(django_capture_on_commit_callbacks):
    event = event_create(days=1)
    register(event)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()

    ical, _ = _both(event_ics(EventPage.objects.get(pk=event.pk)))
    [vevent] = ical.walk("VEVENT")
    assert vevent["SEQUENCE"] == 0
    assert mail.outbox == []


def test_feed_has_one_timezone_for_all_events_and_parses_in_both(client):
    user = user_create()
    client.force_login(user)
    register(event_create(title="Wizyta w Ostrowcu", days=2), user)
    register(event_create(title="Konferencja w Lublinie", days=1), user)
    client.post(reverse("events:feed_create"))
    token = user.event_feed.token
    client.logout()

    response = client.get(reverse("events:feed", args=[token]))

    ical, vcal = _both(response.content)
    assert len(ical.walk("VTIMEZONE")) == 1
    assert len(ical.walk("VEVENT")) == 3
    assert ical["X-WR-TIMEZONE"] == "Europe/Warsaw"
    assert len(vcal.vevent_list) == 3


def test_feed_of_nothing_is_still_a_valid_calendar():
    ical, vcal = _both(feed_ics([], name="Puste"))

    assert ical.walk("VEVENT") == []
    assert vcal.name == "VCALENDAR"
