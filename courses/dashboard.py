"""The trainer's dashboard panel: the courses they are assigned to, each with
its publishing state (and the workflow step it waits at) and progress."""

from django.db.models import Count, Q
from wagtail.admin.ui.components import Component

from szkola.accounts.selectors import user_is_trainer

from .models import Enrolment
from .pages import CoursePage

Status = Enrolment.Status


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
        .prefetch_workflow_states()
        .annotate_approved_schedule()
        .order_by("title", "pk")
    )
    rows = []
    for course in courses:
        state = course.current_workflow_state
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


class TrainerCoursesPanel(Component):
    name = "trainer_courses"
    order = 55
    template_name = "courses/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["rows"] = trainer_courses(user=self.request.user)
        return context


def dashboard_panels(request) -> list[Component]:
    if request.user.is_active and user_is_trainer(request.user):
        return [TrainerCoursesPanel(request)]
    return []
