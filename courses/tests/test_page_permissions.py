"""Courses follow the organiser too: a voivodeship's coordinator edits and
approves only their voivodeship's courses and never publishes past the
approval workflow; the leader's team publishes; trainers edit their own."""

import pytest
from wagtail.models import Page, WorkflowState

from szkola.accounts.tests.factories import coordinator_create, trainer_create

from .factories import course_create, index_create, lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses():
    from courses.services import course_index_governance_ensure

    index = index_create()
    course_index_governance_ensure(index=index)
    return {
        "podlaskie": course_create(index=index, organiser="20"),
        "podkarpackie": course_create(index=index, organiser="18"),
    }


def test_coordinator_edits_own_voivodeships_courses_without_publishing(courses):
    coordinator = coordinator_create(scope="20")
    own = courses["podlaskie"].permissions_for_user(coordinator)
    assert own.can_edit()
    assert not own.can_publish()
    lesson = Page.objects.get(pk=lessons_of(courses["podlaskie"])[0].pk)
    assert lesson.permissions_for_user(coordinator).can_edit()
    other = courses["podkarpackie"].permissions_for_user(coordinator)
    assert not other.can_edit()
    other_lesson = Page.objects.get(pk=lessons_of(courses["podkarpackie"])[0].pk)
    assert not other_lesson.permissions_for_user(coordinator).can_edit()


def test_only_the_leaders_team_publishes_courses_directly(courses):
    leader = coordinator_create(scope="MR")
    for course in courses.values():
        perms = course.permissions_for_user(leader)
        assert perms.can_edit() and perms.can_publish()


def test_trainer_edits_only_assigned_courses(courses):
    from courses.services import course_trainers_sync

    trainer = trainer_create()
    course = courses["podkarpackie"]
    course.trainers.set([trainer])
    course.save()
    course_trainers_sync(course=course)
    assert course.permissions_for_user(trainer).can_edit()
    assert not course.permissions_for_user(trainer).can_publish()
    assert not courses["podlaskie"].permissions_for_user(trainer).can_edit()


def test_approval_task_is_scoped_by_organiser(courses):
    from courses.models import CourseApprovalTask

    trainer = trainer_create()
    course = courses["podkarpackie"]
    course.save_revision(user=trainer)
    workflow = course.get_workflow()
    workflow.start(course, trainer)
    state = WorkflowState.objects.get(object_id=str(course.pk))
    task = state.current_task_state.task.specific
    assert isinstance(task, CourseApprovalTask)

    podlaskie = coordinator_create(scope="20")
    podkarpackie = coordinator_create(scope="18")
    leader = coordinator_create(scope="MR")
    assert task.get_actions(course, podlaskie) == []
    assert not task.user_can_access_editor(course, podlaskie)
    assert not course.permissions_for_user(podlaskie).can_edit()
    assert task.get_actions(course, podkarpackie)
    assert task.get_actions(course, leader)
    assert not task.get_task_states_user_can_moderate(podlaskie).exists()
    assert task.get_task_states_user_can_moderate(podkarpackie).exists()


def test_progress_report_is_scoped_by_organiser(client, courses):
    from django.urls import reverse

    from szkola.accounts.tests.factories import mark_session_mfa

    coordinator = coordinator_create(scope="20")
    client.force_login(coordinator)
    mark_session_mfa(client, coordinator)
    own = client.get(reverse("courses_report", args=[courses["podlaskie"].pk]))
    assert own.status_code == 200
    other = client.get(
        reverse("courses_report", args=[courses["podkarpackie"].pk]) + "?export=xlsx"
    )
    assert other.status_code == 302  # Wagtail's refusal, back to the dashboard
    assert "Sheet" not in other.content.decode(errors="replace")
