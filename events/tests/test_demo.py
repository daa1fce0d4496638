import io

import pytest

from szkola.home.demo_seed import seed_people
from szkola.home.models import HomePage

from .. import demo
from ..models import EventPage, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    seed_people()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(home=HomePage.objects.get(), stdout=io.StringIO())


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
    assert EventPage.objects.count() == 7
