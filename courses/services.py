"""Every write of the courses app: enrolment, lesson completion, quizzes.

Services take keyword-only arguments, run in one transaction, write an audit
entry and send side effects (the completion signal) after commit. They raise
CourseError with a stable ``code`` and a Polish message; nothing is stored
then.
"""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.services import audit_log
from szkola.live.services import notify
from szkola.live.texts import Text

from . import report_selectors, rules, scoring, selectors
from .errors import CourseError
from .models import (
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
    QuizPage,
)
from .signals import completion_vetoes, course_completed


def _active_enrolment(*, user, course: CoursePage, lock: bool = False) -> Enrolment:
    queryset = Enrolment.objects.filter(user=user, course=course)
    if lock:
        queryset = queryset.select_for_update()
    enrolment = queryset.first()
    if enrolment is None or not enrolment.is_active:
        raise CourseError("not_enrolled", _("Najpierw zapisz się na ten kurs."))
    return enrolment


@transaction.atomic
def enrolment_create(*, user, course: CoursePage, now=None) -> Enrolment:
    """Enrol ``user`` in ``course``. Idempotent: an existing active or
    completed enrolment is returned unchanged; a cancelled one is renewed.

    Raises CourseError "window_closed" outside the enrolment window and
    "full" when the capacity is reached."""
    now = now or timezone.now()
    if not user.is_authenticated:
        raise CourseError("login_required", _("Zaloguj się, aby zapisać się na kurs."))
    # Lock the course row so two last-seat enrolments cannot both pass.
    course = CoursePage.objects.select_for_update().get(pk=course.pk)
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is not None and enrolment.is_active:
        return enrolment
    if not course.live:
        raise CourseError("not_available", _("Ten kurs nie jest dostępny."))
    if not selectors.enrolment_window_open(course=course, now=now):
        raise CourseError("window_closed", _("Zapisy na ten kurs są zamknięte."))
    if (
        course.capacity is not None
        and selectors.seats_taken(course=course) >= course.capacity
    ):
        raise CourseError("full", _("Brak wolnych miejsc na tym kursie."))
    if enrolment is None:
        enrolment = Enrolment.objects.create(user=user, course=course, enrolled_at=now)
    else:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.cancelled_at = None
        enrolment.save(update_fields=["status", "cancelled_at"])
    audit_log(
        actor=user,
        action="courses.enrolment.created",
        obj=enrolment,
        data={"course": course.pk},
    )
    return enrolment


@transaction.atomic
def enrolment_cancel(*, user, course: CoursePage, actor=None) -> Enrolment:
    """Sign ``user`` out of ``course``; progress is kept for a later return.

    Raises CourseError "not_enrolled" and "completed" (a finished course
    stays finished)."""
    enrolment = _active_enrolment(user=user, course=course, lock=True)
    if enrolment.status == Enrolment.Status.COMPLETED:
        raise CourseError("completed", _("Ukończonego kursu nie można opuścić."))
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    audit_log(actor=actor or user, action="courses.enrolment.cancelled", obj=enrolment)
    return enrolment


def _completion_source(enrolment: Enrolment) -> dict:
    course = enrolment.course
    modules = course.get_children().live().type(selectors.ModulePage).specific()
    return {
        "kind": "course",
        "id": course.pk,
        "title": course.title,
        "hours": report_selectors.hours_str(course.hours),
        "date_from": timezone.localdate(enrolment.enrolled_at).isoformat(),
        "date_to": timezone.localdate(enrolment.completed_at).isoformat(),
        "place": "online",
        "organiser": course.organiser,
        "programme": [
            {"topic": module.title, "hours": report_selectors.hours_str(module.hours)}
            for module in modules
        ],
        "form": "kurs e-learningowy",
        "outcomes": course.outcomes_list,
        "language": "pl",
        "completion_id": enrolment.pk,
    }


def _complete_if_done(*, enrolment: Enrolment, now) -> bool:
    """Record the course's completion once, when every required lesson is
    done and every quiz passed; announce it after commit."""
    if enrolment.status != Enrolment.Status.ACTIVE:
        return False
    lessons, quizzes = selectors.outline_requirements(course=enrolment.course)
    done_lessons = set(enrolment.lesson_completions.values_list("lesson_id", flat=True))
    passed = set(
        enrolment.quiz_attempts.filter(passed=True).values_list("quiz_id", flat=True)
    )
    if not (lessons or quizzes) or not (lessons <= done_lessons and quizzes <= passed):
        return False
    vetoes = completion_vetoes.send(
        sender=CoursePage, user_id=enrolment.user_id, course_id=enrolment.course_id
    )
    if any(answer is False for _receiver, answer in vetoes):
        return False
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = now
    enrolment.save(update_fields=["status", "completed_at"])
    audit_log(actor=enrolment.user, action="courses.enrolment.completed", obj=enrolment)
    course = enrolment.course
    notify(
        enrolment.user,
        title=Text(N_("Ukończono kurs: %(title)s"), {"title": course.title}),
        body=Text(
            N_("Gratulacje! Zaświadczenie pojawi się w zakładce Moje zaświadczenia.")
        ),
        url=course.url or "",
        kind="success",
    )
    source = _completion_source(enrolment)
    user_id = enrolment.user_id
    transaction.on_commit(
        lambda: course_completed.send(sender=CoursePage, user_id=user_id, source=source)
    )
    return True


@transaction.atomic
def lesson_complete(
    *, user, lesson: LessonPage, confirmed: bool = False, now=None
) -> LessonCompletion:
    """Mark ``lesson`` done for ``user``. Idempotent. May complete the course.

    Raises CourseError "not_enrolled" and "confirmation_required"."""
    now = now or timezone.now()
    course = selectors.course_for_page(page=lesson)
    if course is None or not lesson.live:
        raise CourseError("not_available", _("Ta lekcja nie jest dostępna."))
    enrolment = _active_enrolment(user=user, course=course, lock=True)
    if lesson.confirm_reading and not confirmed:
        raise CourseError(
            "confirmation_required",
            _("Zaznacz, że zapoznałaś/zapoznałeś się z treścią lekcji."),
        )
    completion, created = LessonCompletion.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"completed_at": now}
    )
    if created:
        audit_log(
            actor=user,
            action="courses.lesson.completed",
            obj=completion,
            data={"lesson": lesson.pk},
        )
        enrolment.course = course
        _complete_if_done(enrolment=enrolment, now=now)
    return completion


@transaction.atomic
def enrolment_completion_recheck(*, user, course: CoursePage, now=None) -> bool:
    """Complete the course now if everything is done: for apps whose
    ``completion_vetoes`` answer has just changed. Returns whether the
    course was completed by this call."""
    enrolment = (
        Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    )
    if enrolment is None:
        return False
    enrolment.course = course
    return _complete_if_done(enrolment=enrolment, now=now or timezone.now())


@transaction.atomic
def quiz_attempt_start(*, user, quiz: QuizPage, now=None) -> QuizAttempt:
    """Open an attempt (or return the one already open). Opening uses up
    nothing: only submitted attempts count towards the limit, so starting
    twice, or leaving an attempt unsent, costs no attempt.

    Raises CourseError "not_enrolled", "already_passed", "attempt_limit"."""
    now = now or timezone.now()
    course = selectors.course_for_page(page=quiz)
    if course is None or not quiz.live:
        raise CourseError("not_available", _("Ten test nie jest dostępny."))
    enrolment = _active_enrolment(user=user, course=course, lock=True)
    attempts = list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz))
    for attempt in attempts:
        if attempt.submitted_at is None:
            return attempt
    if any(attempt.passed for attempt in attempts):
        raise CourseError("already_passed", _("Ten test jest już zaliczony."))
    if (
        rules.attempts_left(max_attempts=quiz.max_attempts, submitted=len(attempts))
        == 0
    ):
        raise CourseError(
            "attempt_limit", _("Wykorzystano już wszystkie podejścia do tego testu.")
        )
    order = list(quiz.question_map())
    if quiz.shuffle:
        random.SystemRandom().shuffle(order)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        quiz=quiz,
        number=len(attempts) + 1,
        question_order=order,
        started_at=now,
    )
    audit_log(
        actor=user, action="courses.quiz.started", obj=attempt, data={"quiz": quiz.pk}
    )
    return attempt


@transaction.atomic
def quiz_attempt_submit(
    *, user, attempt_id: int, answers: dict, now=None
) -> QuizAttempt:
    """Score an open attempt on the server. ``answers`` maps question ids to
    lists of choice ids; unanswered questions count as wrong.

    Raises CourseError "not_found" (no such attempt or someone else's),
    "already_submitted", "already_passed", "attempt_limit" (the submitted
    attempts already reach the limit), "invalid_answer"; nothing is stored
    then."""
    now = now or timezone.now()
    attempt = (
        QuizAttempt.objects.select_for_update()
        .select_related("enrolment", "quiz")
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None or attempt.enrolment.user_id != user.pk:
        raise CourseError("not_found", _("Nie znaleziono tego podejścia do testu."))
    if attempt.submitted_at is not None:
        raise CourseError("already_submitted", _("To podejście zostało już wysłane."))
    enrolment = attempt.enrolment
    if not enrolment.is_active:
        raise CourseError("not_enrolled", _("Najpierw zapisz się na ten kurs."))
    quiz = attempt.quiz
    # The enrolment's lock serialises this with quiz_attempt_start.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    submitted = QuizAttempt.objects.filter(
        enrolment=enrolment, quiz=quiz, submitted_at__isnull=False
    )
    if submitted.filter(passed=True).exists():
        raise CourseError("already_passed", _("Ten test jest już zaliczony."))
    left = rules.attempts_left(
        max_attempts=quiz.max_attempts, submitted=submitted.count()
    )
    if left == 0:
        raise CourseError(
            "attempt_limit", _("Wykorzystano już wszystkie podejścia do tego testu.")
        )
    questions = quiz.question_map()
    clean = scoring.answers_clean(questions=questions, answers=answers)
    if clean is None:
        raise CourseError(
            "invalid_answer",
            _(
                "Odpowiedzi nie pasują do pytań tego testu. Odśwież stronę i "
                "spróbuj ponownie."
            ),
        )
    results, score = scoring.answers_score(questions=questions, clean=clean)
    attempt.answers = clean
    attempt.results = results
    attempt.score = score
    attempt.passed = score >= quiz.pass_mark
    attempt.submitted_at = now
    attempt.save(
        update_fields=["answers", "results", "score", "passed", "submitted_at"]
    )
    audit_log(
        actor=user,
        action="courses.quiz.submitted",
        obj=attempt,
        data={"quiz": quiz.pk, "score": score, "passed": attempt.passed},
    )
    if attempt.passed:
        course = selectors.course_for_page(page=quiz)
        enrolment.course = course
        _complete_if_done(enrolment=enrolment, now=now)
    return attempt


# --- Admin: who may edit and publish course pages ------------------------

WORKFLOW_NAME = "Akceptacja kursów przez koordynatora"
TASK_NAME = "Akceptacja koordynatora"
TRAINER_PAGE_PERMISSIONS = ["add_page", "change_page"]
TRAINER_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]


def _page_permissions(codenames: list[str]):
    from django.contrib.auth.models import Permission

    return list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )
    )


def _course_trainers_group_name(course_id: int) -> str:
    return f"Trenerzy kursu #{course_id}"


@transaction.atomic
def course_index_governance_ensure(*, index) -> None:
    """Coordinators may add and edit courses under a course catalogue (the
    rights follow each course's organiser, accounts.permissions); the
    leader's team may also publish. Every change a trainer or a
    voivodeship's coordinator submits goes through the approval workflow,
    whose task (``CourseApprovalTask``) lets a coordinator approve only their
    voivodeship's courses. Idempotent."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from szkola.accounts.services import (
        COORDINATORS_GROUP,
        LEADER_TEAM_GROUP,
        TRAINERS_GROUP,
        container_page_rights_ensure,
    )

    from .models import CourseApprovalTask

    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    leader_team, _created = Group.objects.get_or_create(name=LEADER_TEAM_GROUP)
    trainers, _created = Group.objects.get_or_create(name=TRAINERS_GROUP)
    container_page_rights_ensure(page=index)
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["assign_course_trainers", "view_course_report"],
        )
    )
    # A database emptied between browser tests has no root collection yet.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group in (trainers, coordinators):
        for app_label, codename in TRAINER_COLLECTION_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = CourseApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = CourseApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators, leader_team)
    # An older database approved with an unscoped group task: take it out of
    # the workflow (its history stays) and put the scoped one in its place.
    for old in GroupApprovalTask.objects.filter(
        name=TASK_NAME, workflow_tasks__workflow=workflow
    ):
        WorkflowTask.objects.filter(workflow=workflow, task=old).delete()
        old.deactivate()
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})


@transaction.atomic
def course_trainers_sync(*, course: CoursePage) -> None:
    """Give the course's assigned trainers (and only them) permission to add
    and edit pages inside this course. Publishing stays with coordinators."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    group, _created = Group.objects.get_or_create(
        name=_course_trainers_group_name(course.pk)
    )
    for permission in _page_permissions(TRAINER_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(
            group=group, page=course, permission=permission
        )
    wanted = set(
        CoursePage.trainers.through.objects.filter(coursepage_id=course.pk).values_list(
            "user_id", flat=True
        )
    )
    current = set(group.user_set.values_list("pk", flat=True))
    if wanted == current:
        return
    group.user_set.set(wanted)
    audit_log(
        actor=None,
        action="courses.trainers.synced",
        obj=course,
        data={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
    )
