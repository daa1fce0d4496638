"""Admin screens of the courses app: the progress report of one course."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from szkola.home.exports import SafeSpreadsheetExportMixin

from . import report_selectors, selectors
from .models import CoursePage, Enrolment


class CourseProgressFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enrolment.Status.choices
    )
    passed_quiz = django_filters.BooleanFilter(
        label=_("Zaliczony test"), method="filter_passed_quiz"
    )

    class Meta:
        model = Enrolment
        fields = ["status"]

    def filter_passed_quiz(self, queryset, name, value):
        if value is None:
            return queryset
        passed = Q(quiz_attempts__passed=True)
        ids = Enrolment.objects.filter(passed).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class CourseProgressReportView(SafeSpreadsheetExportMixin, ReportView):
    """Participants of one course: lessons done, quiz results, completion.
    Coordinators and the course's own trainers may see it."""

    page_title = _("Postępy uczestników")
    header_icon = "list-ul"
    filterset_class = CourseProgressFilterSet
    paginate_by = 50
    export_filename = "postepy-kursu"
    export_sheet_title = _("Postępy uczestników")
    columns = [
        Column("participant", label=_("Uczestnik")),
        Column("email", label=_("E-mail")),
        Column("institution", label=_("Instytucja")),
        Column("status_label", label=_("Status")),
        DateColumn("enrolled_at", label=_("Zapisano")),
        Column("lessons_label", label=_("Ukończone lekcje")),
        Column("quiz_label", label=_("Testy zaliczone")),
        Column("best_score", label=_("Najlepszy wynik (%)")),
        DateColumn("completed_at", label=_("Ukończono")),
    ]
    list_export = [
        "participant",
        "email",
        "institution",
        "status_label",
        "enrolled_at",
        "lessons_done",
        "lessons_total",
        "quizzes_passed",
        "quizzes_total",
        "best_score",
        "completed_at",
    ]
    export_headings = {
        "participant": _("Uczestnik"),
        "email": _("E-mail"),
        "institution": _("Instytucja"),
        "status_label": _("Status"),
        "enrolled_at": _("Zapisano"),
        "lessons_done": _("Ukończone lekcje"),
        "lessons_total": _("Lekcje wymagane"),
        "quizzes_passed": _("Testy zaliczone"),
        "quizzes_total": _("Testy w kursie"),
        "best_score": _("Najlepszy wynik (%)"),
        "completed_at": _("Ukończono"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        if not selectors.user_may_manage_course(user=request.user, course=self.course):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.course.title

    def get_index_url(self):
        return reverse("courses_report", args=[self.course.pk])

    def get_index_results_url(self):
        return reverse("courses_report_results", args=[self.course.pk])

    def get_base_queryset(self):
        return report_selectors.course_report_rows(course=self.course)

    def decorate_paginated_queryset(self, object_list):
        lessons, quizzes = selectors.outline_requirements(course=self.course)
        items = list(object_list)
        for item in items:
            user = item.user
            item.participant = user.get_full_name() or user.email
            item.email = user.email
            profile = getattr(user, "profile", None)
            item.institution = profile.institution_name if profile else ""
            item.status_label = item.get_status_display()
            item.lessons_total = len(lessons)
            item.quizzes_total = len(quizzes)
            item.lessons_label = f"{item.lessons_done} / {len(lessons)}"
            item.quiz_label = f"{item.quizzes_passed} / {len(quizzes)}"
            if item.best_score is None:
                item.best_score = ""
        return items
