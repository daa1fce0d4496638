"""The trainer's dashboard panel: the courses they are assigned to, each with
its publishing state (and the workflow step it waits at) and progress."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from szkola.accounts.permissions import user_is_trainer
from szkola.home.dashboard import DashboardPanel

from .models import Enrolment
from .pages import CoursePage

Status = Enrolment.Status


def _active_workflow_states(page_ids: list[int]) -> dict[str, WorkflowState]:
    """In-progress or needs-changes workflow states of these pages, by id."""
    if not page_ids:
        return {}
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in page_ids],
        )
        .select_related("current_task_state__task")
    )
    return {state.object_id: state for state in states}


def trainer_courses(*, user) -> list[dict]:
    """The user's courses (as a trainer) with enrolled (not withdrawn) and
    completed counts and the workflow state, in a fixed number of queries."""
    courses = (
        CoursePage.objects.filter(trainers=user)
        .annotate(
            enrolled=Count(
                "enrolments",
                filter=~Q(enrolments__status=Status.CANCELLED),
                distinct=True,
            ),
            completed=Count(
                "enrolments",
                filter=Q(enrolments__status=Status.COMPLETED),
                distinct=True,
            ),
        )
        .annotate_approved_schedule()
        .order_by("title", "pk")
    )
    courses = list(courses)
    states = _active_workflow_states([course.pk for course in courses])
    rows = []
    for course in courses:
        state = states.get(str(course.pk))
        # What Wagtail's own prefetch would set (it does not reach pages
        # through a subclass's queryset): status_string reads it.
        course._current_workflow_states = [state] if state else []
        task_state = state.current_task_state if state else None
        rows.append(
            {
                "course": course,
                "status": course.status_string,
                "workflow": state,
                "task": task_state.task.name if task_state else "",
                "enrolled": course.enrolled,
                "completed": course.completed,
            }
        )
    return rows


class TrainerCoursesPanel(DashboardPanel):
    name = "trainer_courses"
    order = 55
    template_name = "courses/admin/dashboard_panel.html"

    def panel_context(self, *, user) -> dict:
        return {"rows": trainer_courses(user=user)}


def dashboard_panels(request) -> list[Component]:
    if request.user.is_active and user_is_trainer(request.user):
        return [TrainerCoursesPanel(request)]
    return []
