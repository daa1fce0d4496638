"""Thin views: fetch, authorise, call the service, turn errors into messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from szkola.accounts.selectors import participation_step_missing

from . import results, selectors, services
from .errors import CourseError
from .models import CoursePage, LessonPage, QuizAttempt, QuizPage


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _live(model, pk):
    return get_object_or_404(model.objects.live(), pk=pk)


@require_POST
@login_required
def enrol(request, course_id: int):
    course = _live(CoursePage, course_id)
    # Another app may need something first (the EFS participant data).
    step = participation_step_missing(user=request.user, next_url=course.url)
    if step:
        messages.info(request, step["message"])
        return redirect(step["url"])
    try:
        enrolment = services.enrolment_create(user=request.user, course=course)
    except CourseError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    messages.success(
        request, _("Zapisano Cię na kurs „%(title)s”.") % {"title": course.title}
    )
    modules, _progress = selectors.course_outline(
        course=course, enrolment=enrolment, request=request
    )
    first = selectors.next_item(modules)
    return redirect(first.url if first else course.url)


@require_POST
@login_required
def cancel(request, course_id: int):
    course = _live(CoursePage, course_id)
    try:
        services.enrolment_cancel(user=request.user, course=course)
    except CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Wypisano Cię z kursu „%(title)s”.") % {"title": course.title}
        )
    return redirect(course.url)


@require_POST
@login_required
def lesson_complete(request, lesson_id: int):
    lesson = _live(LessonPage, lesson_id)
    try:
        services.lesson_complete(
            user=request.user,
            lesson=lesson,
            confirmed=request.POST.get("confirmed") == "1",
        )
    except CourseError as error:
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "error": error.code, "message": error.message}, status=400
            )
        messages.error(request, error.message)
        return redirect(lesson.url)
    course = selectors.course_for_page(page=lesson)
    enrolment = selectors.enrolment_for(user=request.user, course=course)
    modules, progress = selectors.course_outline(
        course=course, enrolment=enrolment, request=request
    )
    upcoming = selectors.next_item(modules)
    completed = enrolment.status == enrolment.Status.COMPLETED
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "lesson": lesson.pk,
                "done": progress.done,
                "total": progress.total,
                "percent": progress.percent,
                "completed": completed,
                "completion_url": (
                    reverse("courses:completion", args=[course.pk]) if completed else ""
                ),
                "message": _("Lekcja ukończona."),
            }
        )
    messages.success(request, _("Lekcja ukończona."))
    if completed:
        return redirect("courses:completion", course_id=course.pk)
    return redirect(upcoming.url if upcoming else lesson.url)


@require_POST
@login_required
def quiz_start(request, quiz_id: int):
    quiz = _live(QuizPage, quiz_id)
    try:
        services.quiz_attempt_start(user=request.user, quiz=quiz)
    except CourseError as error:
        messages.error(request, error.message)
    return redirect(quiz.url + "#pytania")


@require_POST
@login_required
def quiz_submit(request, attempt_id: int):
    answers = {}
    for key in request.POST:
        if key.startswith("q-"):
            answers[key[2:]] = request.POST.getlist(key)
    try:
        attempt = services.quiz_attempt_submit(
            user=request.user, attempt_id=attempt_id, answers=answers
        )
    except CourseError as error:
        messages.error(request, error.message)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}
        ):
            back = "courses:mine"
        return redirect(back)
    return redirect("courses:attempt", attempt_id=attempt.pk)


@require_GET
@login_required
def attempt_result(request, attempt_id: int):
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "enrolment"),
        pk=attempt_id,
        enrolment__user=request.user,
        submitted_at__isnull=False,
    )
    return render(
        request,
        "courses/attempt_result.html",
        results.attempt_result_context(attempt=attempt),
    )


@require_GET
@login_required
def completion(request, course_id: int):
    """/moje/kursy/<id>/ukonczenie/: the end of a course, with what the
    participant completed and their certificate."""
    course = _live(CoursePage, course_id)
    summary = results.completion_summary(
        user=request.user, course=course, request=request
    )
    if summary is None:
        messages.info(request, _("Ten kurs nie jest jeszcze ukończony."))
        return redirect(course.url)
    return render(
        request, "courses/completion.html", {"summary": summary, "course": course}
    )


@require_GET
@login_required
def mine(request):
    return render(
        request,
        "courses/my_courses.html",
        {"my_courses": selectors.my_courses(user=request.user, request=request)},
    )
