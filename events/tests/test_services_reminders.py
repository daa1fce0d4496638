import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from szkola.live.models import Notification

from ..errors import EventError
from ..models import Registration
from ..models.messages import RegistrationReminder
from ..services import event_cancel, event_reminders_send, event_reminders_send_now
from ..services.reminders import events_due_for_reminders
from .factories import coordinator_create, event_create, register

pytestmark = pytest.mark.django_db
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
UTC = datetime.UTC
FIRST_DAY = datetime.date(2026, 3, 12)


def at(*args, tz=UTC):
    return datetime.datetime(*args, tzinfo=tz)


@pytest.fixture
def event():
    with time_machine.travel(at(2026, 2, 1, 10), tick=False):
        event = event_create(
            organiser="20",
            first_day=FIRST_DAY,
            capacity=2,
            practical_info="Weź ze sobą dowód osobisty i wygodne buty.",
        )
        people = [register(event), register(event), register(event)]
    assert [p.status for p in people] == ["confirmed", "confirmed", "waitlisted"]
    return event


def _run(now, capture):
    mail.outbox.clear()
    with time_machine.travel(now, tick=False), capture(execute=True):
        return event_reminders_send()


def test_due_by_local_date_at_2330_utc(event, django_capture_on_commit_callbacks):
    # 3 days before 12 March is 9 March. 8 March 22:30 UTC is still the 8th
    # in Warsaw (23:30 CET): not due. 8 March 23:30 UTC is 9 March 00:30 in
    # Warsaw: due.
    assert (
        _run(at(2026, 3, 8, 22, 30), django_capture_on_commit_callbacks).reminded == 0
    )
    result = _run(at(2026, 3, 8, 23, 30), django_capture_on_commit_callbacks)
    assert (result.events, result.reminded) == (1, 2)
    assert len(mail.outbox) == 2


def test_reminder_email_in_full(event, django_capture_on_commit_callbacks):
    _run(at(2026, 3, 10, 7), django_capture_on_commit_callbacks)
    email = mail.outbox[0]
    assert email.subject == f"[Szkoła Kooperacji] Przypomnienie: {event.title}"
    for text in (
        "12–13 marca 2026, 9:00–16:00",
        "Hotel Pod Dębem",
        "ul. Lipowa 1, 35-001 Rzeszów",
        "Weź ze sobą dowód osobisty i wygodne buty.",
        "Moje zapisy",
    ):
        assert text in email.body
        assert text in email.alternatives[0][0]
    part = email.attachments[0]
    assert part.get_filename() == f"wydarzenie-{event.pk}.ics"
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    content = part.get_payload(decode=True).decode()
    assert content.count("BEGIN:VEVENT") == 2
    assert "LOCATION:Hotel Pod Dębem" in content.replace("\r\n ", "")


def test_sent_once_and_only_to_confirmed(event, django_capture_on_commit_callbacks):
    first = _run(at(2026, 3, 10, 7), django_capture_on_commit_callbacks)
    recipients = {m.to[0] for m in mail.outbox}
    second = _run(at(2026, 3, 11, 7), django_capture_on_commit_callbacks)
    assert first.reminded == 2 and second.reminded == 0
    assert mail.outbox == []
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert recipients == {r.user.email for r in confirmed.select_related("user")}
    assert RegistrationReminder.objects.count() == 2
    assert Notification.objects.filter(title__startswith="Przypomnienie:").count() == 2


def test_none_after_the_start(event, django_capture_on_commit_callbacks):
    # 12 March 08:30 UTC = 09:30 in Warsaw: the first day has begun.
    assert (
        _run(at(2026, 3, 12, 8, 30), django_capture_on_commit_callbacks).reminded == 0
    )


def test_none_for_a_cancelled_event(event, django_capture_on_commit_callbacks):
    coordinator = coordinator_create(scope="20")
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        event_cancel(event=event, actor=coordinator, reason="Choroba prowadzącej")
    assert _run(at(2026, 3, 10, 7), django_capture_on_commit_callbacks).reminded == 0
    with time_machine.travel(at(2026, 3, 10, 7), tick=False):
        with pytest.raises(EventError) as error:
            event_reminders_send_now(event=event, actor=coordinator)
    assert error.value.code == "event_cancelled"
    assert not RegistrationReminder.objects.exists()


def test_days_before_zero_means_none(event, django_capture_on_commit_callbacks):
    type(event).objects.filter(pk=event.pk).update(reminder_days_before=0)
    assert _run(at(2026, 3, 11, 7), django_capture_on_commit_callbacks).reminded == 0


def test_dst_change_day(django_capture_on_commit_callbacks):
    # Summer time starts on 29 March 2026 at 02:00 in Warsaw; an event on
    # 1 April with a 3-day reminder is due from 29 March, local date.
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        event = event_create(organiser="20", first_day=datetime.date(2026, 4, 1))
        register(event)
    with time_machine.travel(at(2026, 3, 28, 22, 59), tick=False):
        assert events_due_for_reminders(now=at(2026, 3, 28, 22, 59)) == []
    result = _run(at(2026, 3, 28, 23, 30), django_capture_on_commit_callbacks)
    assert result.reminded == 1


def test_manual_reminder_other_voivodeship_refused(event):
    other = coordinator_create(scope="18")
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        with pytest.raises(EventError) as error:
            event_reminders_send_now(event=event, actor=other)
    assert error.value.code == "forbidden"
    assert not RegistrationReminder.objects.exists()


def test_command(event, django_capture_on_commit_callbacks, capsys):
    with time_machine.travel(at(2026, 3, 10, 7), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_event_reminders")
    assert "wysłane przypomnienia: 2" in capsys.readouterr().out


def test_command_for_cancelled_event_says_so(event):
    coordinator = coordinator_create(scope="20")
    with time_machine.travel(at(2026, 3, 1, 10), tick=False):
        event_cancel(event=event, actor=coordinator)
        with pytest.raises(CommandError, match="odwołane"):
            call_command("send_event_reminders", event=event.pk)


def test_scheduled_task_sends_the_due_reminders(
    event, django_capture_on_commit_callbacks
):
    from ..scheduled import event_reminders_task

    with (
        time_machine.travel(at(2026, 3, 10, 7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = event_reminders_task.call()

    assert result == {"events": 1, "reminded": 2}
    assert len(mail.outbox) == 2
