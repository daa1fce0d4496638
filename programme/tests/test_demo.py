import io

import pytest
from django.contrib.auth import authenticate

from szkola.home import demo_people as people
from szkola.home.models import HomePage
from szkola.home.tests.seeding import demo_seed, kept_data

from .. import demo
from ..models import PathEnrolment, SupportBooking, Team, TeamMember
from ..selectors import my_paths

pytestmark = pytest.mark.django_db

PODLASKIE = [
    "Kolno",
    "Narewka",
    "Korycin",
    "Szudziałowo",
    "Kobylin-Borzymy",
    "Wysokie Mazowieckie",
    "Nowinka",
    "Piątnica",
]


# The whole demo, kept for every test that reads it (seeding.kept_data).
seeded = kept_data(demo_seed)


def test_demo_has_the_eight_podlaskie_teams_and_teams_elsewhere(seeded):
    podlaskie = set(
        Team.objects.filter(voivodeship="20").values_list("gmina", flat=True)
    )
    assert set(PODLASKIE) <= podlaskie
    assert set(Team.objects.values_list("voivodeship", flat=True)) == {
        "06",
        "14",
        "18",
        "20",
        "26",
    }
    # Profiles' free-text PZK lines became memberships.
    anna = people.PARTICIPANT_EMAILS[0]  # "PZK Gminy Czarna"
    assert TeamMember.objects.get(user__email=anna).team.gmina == "Czarna"


def test_korycin_animator_signs_in_with_members_a_path_in_progress_and_a_booking(
    seeded,
):
    user = authenticate(email=demo.ANIMATOR_EMAIL, password=people.DEMO_PASSWORD)
    assert user is not None
    team = Team.objects.get(gmina="Korycin")
    assert team.gmina_animator == user
    assert team.members.filter(removed_at__isnull=True).count() >= 5
    rows = my_paths(user=user)["rows"]
    assert rows and rows[0].enrolment.completed_at is None
    assert 0 < rows[0].progress.percent < 100
    assert SupportBooking.objects.filter(
        user=user, attended__isnull=True, cancelled_at__isnull=True
    ).exists()


def test_demo_seed_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = (
        Team.objects.count(),
        TeamMember.objects.count(),
        PathEnrolment.objects.count(),
        SupportBooking.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(home=HomePage.objects.get(), stdout=io.StringIO())
    assert before == (
        Team.objects.count(),
        TeamMember.objects.count(),
        PathEnrolment.objects.count(),
        SupportBooking.objects.count(),
    )
