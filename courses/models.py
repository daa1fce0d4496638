"""Records of the courses app: enrolments, lesson completions, quiz attempts.

The Wagtail pages live in pages.py and are imported here so Django finds them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from szkola.accounts.permissions import user_may_act_on_voivodeship

from .pages import (  # noqa: F401 - registered with Django through this module
    CorrectAnswersShown,
    CourseFormat,
    CourseIndexPage,
    CoursePage,
    CourseTopic,
    LessonPage,
    ModulePage,
    QuizPage,
)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("w trakcie")
        COMPLETED = "completed", _("ukończony")
        CANCELLED = "cancelled", _("wypisany")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_enrolments",
        verbose_name=_("uczestnik"),
    )
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("kurs"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("zapisano"))
    completed_at = models.DateTimeField(_("ukończono"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("wypisano"), null=True, blank=True)

    class Meta:
        verbose_name = _("zapis na kurs")
        verbose_name_plural = _("zapisy na kursy")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_enrolment_unique"
            )
        ]
        indexes = [models.Index(fields=["course", "status"])]
        permissions = [
            ("assign_course_trainers", _("Może przypisywać trenerów do kursów")),
            ("view_course_report", _("Może oglądać raporty postępów kursów")),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.course_id}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("ukończono"))

    class Meta:
        verbose_name = _("ukończona lekcja")
        verbose_name_plural = _("ukończone lekcje")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="courses_lessoncompletion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.lesson_id}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("numer podejścia"))
    # The question order shown to the participant (ids), fixed at start.
    question_order = models.JSONField(default=list)
    answers = models.JSONField(_("odpowiedzi"), default=dict)
    results = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("wynik (%)"), null=True, blank=True)
    passed = models.BooleanField(_("zaliczony"), default=False)
    started_at = models.DateTimeField(_("rozpoczęto"))
    submitted_at = models.DateTimeField(_("wysłano"), null=True, blank=True)

    class Meta:
        verbose_name = _("podejście do testu")
        verbose_name_plural = _("podejścia do testów")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "quiz", "number"], name="courses_attempt_unique"
            )
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.quiz_id} #{self.number}"


class CourseApprovalTask(AbstractGroupApprovalTask):
    """The coordinators' approval of a course's changes, scoped like every
    other coordinator action: a member of the chosen groups approves (or
    opens in the editor, or locks) only courses whose organiser is in their
    scope (``accounts.permissions.user_may_act_on_voivodeship``); the
    leader's team and superusers approve any."""

    def _may_act(self, obj, user) -> bool:
        from .selectors import course_organiser_for

        return user_may_act_on_voivodeship(user, course_organiser_for(page=obj))

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and self._may_act(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or not self._may_act(obj, user)

    def user_can_lock(self, obj, user):
        return super().user_can_lock(obj, user) and self._may_act(obj, user)

    def get_actions(self, obj, user):
        if not self._may_act(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .selectors import course_pages_in_scope

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        return states.filter(
            workflow_state__object_id__in=[
                str(pk)
                for pk in course_pages_in_scope(user=user).values_list("pk", flat=True)
            ]
        )

    @classmethod
    def get_description(cls):
        return _(
            "Członkowie wybranych grup akceptują zmiany w kursach swojego "
            "województwa; zespół lidera we wszystkich."
        )

    class Meta:
        verbose_name = _("akceptacja kursu przez koordynatora")
        verbose_name_plural = _("akceptacje kursów przez koordynatorów")
