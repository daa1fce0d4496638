import pytest
from django.urls import reverse

from szkola.accounts.tests.factories import (
    coordinator_create,
    mark_session_mfa,
    trainer_create,
    user_create,
)

from ..dashboard import trainer_courses
from ..models import Enrolment
from ..services import enrolment_create
from .factories import course_create

pytestmark = pytest.mark.django_db


def test_trainer_sees_own_courses_with_progress():
    trainer = trainer_create()
    mine = course_create(title="Kurs trenera", trainers=[trainer])
    course_create(title="Kurs innego trenera", trainers=[trainer_create()])
    people = [user_create() for _ in range(3)]
    for person in people:
        enrolment_create(user=person, course=mine)
    Enrolment.objects.filter(user=people[0]).update(status=Enrolment.Status.COMPLETED)
    Enrolment.objects.filter(user=people[1]).update(status=Enrolment.Status.CANCELLED)

    rows = trainer_courses(user=trainer)

    assert [row["course"].title for row in rows] == ["Kurs trenera"]
    assert (rows[0]["enrolled"], rows[0]["completed"]) == (2, 1)
    assert rows[0]["workflow"] is None


def test_workflow_state_shown():
    trainer = trainer_create()
    course = course_create(title="Kurs w akceptacji", trainers=[trainer])
    workflow = course.get_workflow()
    course.save_revision(user=trainer)
    workflow.start(course, trainer)

    row = trainer_courses(user=trainer)[0]

    assert row["workflow"].status == "in_progress"
    assert row["task"] == workflow.tasks.first().name
    assert str(row["status"]) == "opublikowane + w moderacji"


def test_panel_on_admin_home(client):
    trainer = trainer_create()
    course_create(title="Kurs trenera", trainers=[trainer])
    client.force_login(trainer)
    mark_session_mfa(client, trainer)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moje kursy" in page
    assert "Kurs trenera" in page
    # A trainer is no coordinator: no events panel.
    assert "Wydarzenia, które koordynuję" not in page


def test_no_trainer_panel_for_coordinators(client):
    coordinator = coordinator_create(scope="20")
    client.force_login(coordinator)
    mark_session_mfa(client, coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moje kursy" not in page
