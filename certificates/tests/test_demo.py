import io

import pytest

from certificates import demo
from certificates.models import Certificate, CertificateTemplate
from szkola.home import demo_people

from .factories import completion_create, coordinator_create, user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    coordinator_create(scope="MR", email=demo_people.LEADER_COORDINATOR_EMAIL)
    return [user_create(email=email) for email in demo_people.PARTICIPANT_EMAILS[:4]]


def test_demo_issues_for_recorded_completions_with_one_revoked_and_one_superseded(
    people,
):
    for user in people:
        completion_create(user=user, kind="course", id=31)
    demo.seed(home=None, stdout=io.StringIO())
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    assert Certificate.objects.filter(superseded_at__isnull=False).count() == 1
    assert Certificate.objects.count() == 5
    assert CertificateTemplate.objects.filter(is_default=True).count() == 2


def test_demo_seed_twice_changes_nothing(people):
    demo.seed(home=None, stdout=io.StringIO())
    before = list(
        Certificate.objects.order_by("pk").values_list(
            "number", "revoked_at", "superseded_at"
        )
    )
    demo.seed(home=None, stdout=io.StringIO())
    after = list(
        Certificate.objects.order_by("pk").values_list(
            "number", "revoked_at", "superseded_at"
        )
    )
    assert before == after
    assert len(before) == 5  # 4 fallback completions + 1 re-issue
