"""Admin and serving hooks of the courses app."""

from django.template.response import TemplateResponse
from wagtail import hooks

from . import report_selectors, selectors


@hooks.register("before_serve_document")
def course_materials_are_private(document, request):
    """Documents private to a course (in its materials collection, or used
    only by its modules, lessons and quizzes) open only for people who may
    read that course; everyone else gets the invitation page."""
    courses = report_selectors.courses_guarding_file(obj=document)
    if not courses or report_selectors.user_may_read_any_course(
        user=request.user, courses=courses
    ):
        return None
    return TemplateResponse(
        request,
        "courses/enrol_invitation.html",
        {"page": courses[0], "course": courses[0], "may_read": False},
        status=403,
    )


@hooks.register("after_create_page")
def course_governance_after_create(request, page):
    from . import services
    from .models import CourseIndexPage, CoursePage

    specific = page.specific
    if isinstance(specific, CourseIndexPage):
        services.course_index_governance_ensure(index=specific)
    elif isinstance(specific, CoursePage):
        services.course_trainers_sync(course=specific)


@hooks.register("register_admin_urls")
def course_report_urls():
    from django.urls import path

    from .admin_views import CourseProgressReportView

    return [
        path(
            "kursy/<int:course_id>/postepy/",
            CourseProgressReportView.as_view(),
            name="courses_report",
        ),
        path(
            "kursy/<int:course_id>/postepy/wyniki/",
            CourseProgressReportView.as_view(results_only=True),
            name="courses_report_results",
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def course_report_button(page, user, next_url=None):
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from wagtail.admin.widgets import Button

    from .models import CoursePage

    if page.specific_class is CoursePage:
        course = page.specific_deferred
        if selectors.user_may_manage_course(user=user, course=course):
            yield Button(
                _("Postępy uczestników"),
                reverse("courses_report", args=[page.pk]),
                icon_name="list-ul",
                priority=70,
            )


@hooks.register("construct_homepage_panels")
def add_trainer_courses_panel(request, panels):
    from .dashboard import dashboard_panels

    panels.extend(dashboard_panels(request))
