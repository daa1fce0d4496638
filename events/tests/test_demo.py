import io

import pytest

from szkola.home.models import HomePage
from szkola.home.tests.seeding import demo_seed, kept_data

from .. import demo
from ..models import EventPage, Registration

pytestmark = pytest.mark.django_db


# The whole demo, kept for every test that reads it (seeding.kept_data).
seeded = kept_data(demo_seed)


def test_demo_has_the_promised_events(seeded):
    events = EventPage.objects.all()

    assert sorted(
        events.filter(kind="training2").values_list("organiser", flat=True)
    ) == [
        "06",
        "14",
        "18",
        "20",
        "26",
    ]
    assert events.get(kind="exchange").city == "Ostrowiec Świętokrzyski"
    conference = events.get(kind="conference")
    assert conference.speakers.count() == 5
    assert conference.programme_items.exclude(track="").count() == 4


def test_demo_registrations_cover_every_status(seeded):
    statuses = set(Registration.objects.values_list("status", flat=True))

    assert statuses == set(Registration.Status.values)


def test_demo_completes_participants_of_past_events(seeded):
    assert Registration.objects.filter(completed_at__isnull=False).exists()


def test_demo_seed_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = sorted(Registration.objects.values_list("pk", "status"))

    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(home=HomePage.objects.get(), stdout=io.StringIO())

    assert sorted(Registration.objects.values_list("pk", "status")) == before
    assert EventPage.objects.count() == 11


def test_demo_has_an_open_live_room_today_with_every_question_state(seeded):
    from django.utils import timezone

    from ..qa.models import Poll, QARoom, Question

    room = QARoom.objects.get()
    assert room.day.date == timezone.localdate()
    assert room.premoderation
    questions = room.questions.all()
    assert set(questions.values_list("status", flat=True)) == {
        Question.Status.APPROVED,
        Question.Status.HELD,
    }
    assert questions.filter(answered=True).count() == 1
    assert questions.filter(pinned=True).count() == 1
    assert questions.order_by("-votes_count").first().votes.count() >= 1
    poll = room.polls.get()
    assert poll.status == Poll.Status.OPEN
    assert poll.votes.count() >= 2


def test_demo_live_room_is_not_made_twice(seeded, django_capture_on_commit_callbacks):
    from ..qa.models import QARoom, Question

    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(home=HomePage.objects.get(), stdout=io.StringIO())

    assert QARoom.objects.count() == 1
    assert Question.objects.count() == len(demo.LIVE_QUESTIONS)


def test_every_voivodeships_coordinator_has_a_pending_approval(seeded):
    from szkola.accounts.models import User
    from szkola.home import demo_people as people

    from ..selectors import registrations_in_scope

    for email in [*people.COORDINATOR_EMAILS.values(), people.LEADER_COORDINATOR_EMAIL]:
        coordinator = User.objects.get(email=email)
        pending = registrations_in_scope(user=coordinator).filter(
            status=Registration.Status.PENDING, event__days__date__gt=timezone_today()
        )
        assert pending.exists(), email


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_demo_every_coordinator_has_sent_a_message(
    seeded, django_capture_on_commit_callbacks
):
    from django.core import mail

    from szkola.home import demo_people as people

    from ..models.messages import EventMessage

    authors = set(
        EventMessage.objects.filter(sent_at__isnull=False).values_list(
            "author__email", flat=True
        )
    )
    assert authors == {
        *people.COORDINATOR_EMAILS.values(),
        people.LEADER_COORDINATOR_EMAIL,
    }
    for message in EventMessage.objects.select_related("event", "author"):
        assert message.recipients.exists()
        assert message.author.profile.coordinator_scope == message.event.organiser
    assert mail.outbox == []  # demo addresses get no email

    from szkola.home.emails import emails_muted

    with emails_muted(), django_capture_on_commit_callbacks(execute=True):
        demo.seed(home=HomePage.objects.get(), stdout=io.StringIO())
    assert EventMessage.objects.count() == 6
