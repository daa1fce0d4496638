"""Evaluation screens in the Wagtail admin: the standard (outcomes), the
plan's settings and people, paper results, surveys with their live response
rate, the results with charts, the XLSX exports and the indicator per
voivodeship. Thin: every check is a selector, every write a service."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.errors import AccountError
from szkola.accounts.models import User
from szkola.accounts.permissions import (
    user_may_assess_voivodeship,
    user_voivodeships_in_scope,
)
from szkola.accounts.services import assessor_role_set
from szkola.home.parsing import int_or_zero

from . import reports, selectors, services
from .errors import EvaluationError
from .models import (
    OutcomeCategory,
    SourceKind,
    Survey,
    TestPhase,
    VerificationMethod,
)
from .sources import Source, has_started, participant_ids, source_get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _source(kind: str, source_id: int) -> Source:
    if kind not in SourceKind.values:
        raise Http404
    source = source_get(kind=kind, source_id=source_id)
    if source is None:
        raise Http404
    return source


def _refusals_as_messages(view):
    """A refused service call becomes a Polish message and a redirect back;
    nothing was changed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(
                reverse(
                    "evaluation_admin:source",
                    args=[kwargs["source_kind"], kwargs["source_id"]],
                )
            )

    return wrapped


def index(request):
    sources = selectors.sources_for_admin(user=request.user)
    scope = user_voivodeships_in_scope(request.user)
    return TemplateResponse(
        request,
        "evaluation/admin/index.html",
        {"sources": sources, "may_see_indicator": scope is None or bool(scope)},
    )


def source_view(request, source_kind: str, source_id: int):
    source = _source(source_kind, source_id)
    plan = selectors.plan_for(source_kind=source.kind, source_id=source.id)
    if not selectors.user_may_see_results(user=request.user, source=source, plan=plan):
        raise PermissionDenied
    may_manage = selectors.user_may_manage(user=request.user, source=source)
    outcomes = selectors.outcome_dicts(plan=plan) if plan else []
    rows = outcomes + [{"id": "", "category": "", "text": "", "criteria": ""}] * 2
    from courses.models import QuizPage

    banks = QuizPage.objects.live().order_by("title") if may_manage else []
    participants = (
        User.objects.filter(pk__in=participant_ids(source=source)).order_by(
            "last_name", "first_name"
        )
        if may_manage
        else []
    )
    surveys = [
        {
            "survey": s,
            "rate": selectors.survey_response_rate(survey=s, source=source),
            "answered": bool(selectors.survey_respondent_ids(survey=s)),
        }
        for s in selectors.surveys_of(plan=plan)
    ]
    tests = [
        {
            "phase": phase,
            "label": TestPhase(phase).label,
            "url": selectors.knowledge_test_url(
                source_kind=source.kind, source_id=source.id, phase=phase
            ),
            "qr": selectors.knowledge_test_qr_path(
                source_kind=source.kind, source_id=source.id, phase=phase
            ),
        }
        for phase in TestPhase.values
    ]
    return TemplateResponse(
        request,
        "evaluation/admin/source.html",
        {
            "source": source,
            "plan": plan,
            "rows": rows,
            "started": has_started(source=source),
            "may_manage": may_manage,
            "may_edit": selectors.user_may_edit_outcomes(
                user=request.user, source=source, plan=plan
            ),
            "categories": OutcomeCategory.choices,
            "methods": VerificationMethod.choices,
            "banks": banks,
            "participants": participants,
            "phases": TestPhase.choices,
            "surveys": surveys,
            "tests": tests,
            "versions": plan.versions.select_related("saved_by")[:10] if plan else [],
            "assessor_emails": "\n".join(plan.assessors.values_list("email", flat=True))
            if plan
            else "",
            "staff_emails": "\n".join(
                plan.teaching_staff.values_list("email", flat=True)
            )
            if plan
            else "",
        },
    )


def _back(source_kind: str, source_id: int):
    return redirect(reverse("evaluation_admin:source", args=[source_kind, source_id]))


def _source_write(request, source_kind, source_id, service, done_message, **fields):
    """Call ``service`` for the source as the signed-in user, say
    ``done_message`` and go back to the source's page."""
    service(actor=request.user, source_kind=source_kind, source_id=source_id, **fields)
    messages.success(request, done_message)
    return _back(source_kind, source_id)


def _posted_outcomes(post) -> list[dict]:
    rows = []
    for i in range(int(post.get("rows") or 0)):
        if post.get(f"delete-{i}"):
            continue
        row = {
            "id": post.get(f"id-{i}") or None,
            "category": post.get(f"category-{i}", ""),
            "text": post.get(f"text-{i}", ""),
            "criteria": post.get(f"criteria-{i}", ""),
            "method": post.get(f"method-{i}", ""),
        }
        if not row["id"] and not row["text"].strip() and not row["criteria"].strip():
            continue  # a blank row left for adding
        rows.append(row)
    return rows


@require_POST
@_refusals_as_messages
def outcomes_save(request, source_kind: str, source_id: int):
    return _source_write(
        request,
        source_kind,
        source_id,
        services.outcomes_save,
        _("Zapisano efekty uczenia się."),
        outcomes=_posted_outcomes(request.POST),
        reason=request.POST.get("reason", ""),
    )


@require_POST
@_refusals_as_messages
def settings_save(request, source_kind: str, source_id: int):
    return _source_write(
        request,
        source_kind,
        source_id,
        services.plan_settings_update,
        _("Zapisano ustawienia ewaluacji."),
        question_bank_id=int_or_zero(request.POST.get("question_bank")) or None,
        post_test_required=bool(request.POST.get("post_test_required")),
        certificate_requires_assessment=bool(
            request.POST.get("certificate_requires_assessment")
        ),
    )


def _users_by_email(text: str) -> list[User]:
    emails = [e.strip().lower() for e in text.replace(",", "\n").splitlines()]
    emails = [e for e in emails if e]
    users = list(User.objects.filter(email__in=emails))
    missing = set(emails) - {u.email for u in users}
    if missing:
        raise EvaluationError(
            "not_found",
            _("Nie ma kont o adresach: %(emails)s.")
            % {"emails": ", ".join(sorted(missing))},
        )
    return users


@require_POST
@_refusals_as_messages
def people_save(request, source_kind: str, source_id: int):
    assessors = _users_by_email(request.POST.get("assessors", ""))
    with transaction.atomic():
        if request.POST.get("grant_assessor_role"):
            # The coordinator gives the role for the source's voivodeship;
            # refused (AccountError) outside their scope, nothing kept then.
            source = source_get(kind=source_kind, source_id=source_id)
            for assessor in assessors:
                if source and not user_may_assess_voivodeship(
                    assessor, source.organiser
                ):
                    try:
                        assessor_role_set(
                            actor=request.user, user=assessor, scope=source.organiser
                        )
                    except AccountError as error:
                        raise EvaluationError(error.code, error.message) from error
        services.plan_people_set(
            actor=request.user,
            source_kind=source_kind,
            source_id=source_id,
            teaching_staff=_users_by_email(request.POST.get("teaching_staff", "")),
            assessors=assessors,
        )
    messages.success(request, _("Zapisano prowadzących i asesorów."))
    return redirect(reverse("evaluation_admin:source", args=[source_kind, source_id]))


@require_POST
@_refusals_as_messages
def paper_save(request, source_kind: str, source_id: int):
    participant = User.objects.filter(
        pk=int_or_zero(request.POST.get("participant"))
    ).first()
    if participant is None:
        raise EvaluationError("not_participant", _("Wybierz uczestnika."))
    return _source_write(
        request,
        source_kind,
        source_id,
        services.paper_result_enter,
        _("Zapisano wynik testu papierowego."),
        participant=participant,
        phase=request.POST.get("phase", ""),
        score=request.POST.get("score", ""),
    )


@require_POST
@_refusals_as_messages
def test_invite(request, source_kind: str, source_id: int, phase: str):
    count = services.knowledge_test_invite(
        actor=request.user, source_kind=source_kind, source_id=source_id, phase=phase
    )
    messages.success(request, _("Wysłano zaproszenia: %(n)d.") % {"n": count})
    return _back(source_kind, source_id)


@require_POST
@_refusals_as_messages
def survey_create(request, source_kind: str, source_id: int):
    day = request.POST.get("event_day") or None
    return _source_write(
        request,
        source_kind,
        source_id,
        services.survey_ensure,
        _("Ankieta jest gotowa."),
        event_day_id=int_or_zero(day) if day else None,
    )


@require_POST
@_refusals_as_messages
def survey_questions(request, source_kind: str, source_id: int, survey_id: int):
    questions = []
    for i in range(int(request.POST.get("rows") or 0)):
        text = request.POST.get(f"text-{i}", "").strip()
        if text and not request.POST.get(f"delete-{i}"):
            questions.append({"kind": request.POST.get(f"kind-{i}"), "text": text})
    services.survey_questions_update(
        actor=request.user, survey_id=survey_id, questions=questions
    )
    messages.success(request, _("Zapisano pytania ankiety."))
    return _back(source_kind, source_id)


@require_POST
@_refusals_as_messages
def survey_remind(request, source_kind: str, source_id: int, survey_id: int):
    count = services.survey_remind(actor=request.user, survey_id=survey_id)
    messages.success(
        request,
        _("Wysłano przypomnienia: %(n)d.") % {"n": count},
    )
    return _back(source_kind, source_id)


def survey_rate(request, survey_id: int):
    """The live response rate (polled by the coordinator's page)."""
    survey = get_object_or_404(Survey.objects.select_related("plan"), pk=survey_id)
    source = _source(survey.plan.source_kind, survey.plan.source_id)
    if not selectors.user_may_manage(user=request.user, source=source):
        raise PermissionDenied
    return JsonResponse(selectors.survey_response_rate(survey=survey, source=source))


def results(request, source_kind: str, source_id: int):
    source = _source(source_kind, source_id)
    plan = selectors.plan_for(source_kind=source.kind, source_id=source.id)
    if not selectors.user_may_see_results(user=request.user, source=source, plan=plan):
        raise PermissionDenied
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            reports.results_xlsx(plan=plan, source=source), content_type=XLSX
        )
        response["Content-Disposition"] = (
            f'attachment; filename="ewaluacja-{source.kind}-{source.id}.xlsx"'
        )
        return response
    context = reports.results_context(plan=plan, source=source)
    context.update({"source": source, "plan": plan})
    return TemplateResponse(request, "evaluation/admin/results.html", context)


def indicator(request):
    scope = user_voivodeships_in_scope(request.user)
    if scope is not None and not scope:
        raise PermissionDenied
    rows = selectors.competences_by_voivodeship(voivodeships=scope)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(reports.indicator_xlsx(rows=rows), content_type=XLSX)
        response["Content-Disposition"] = (
            'attachment; filename="wskaznik-kompetencji.xlsx"'
        )
        return response
    return TemplateResponse(request, "evaluation/admin/indicator.html", {"rows": rows})


def admin_urls():
    kind = "<str:source_kind>/<int:source_id>/"
    return [
        path("", index, name="index"),
        path("wskaznik/", indicator, name="indicator"),
        path("ankieta/<int:survey_id>/stan.json", survey_rate, name="survey_rate"),
        path(kind, source_view, name="source"),
        path(kind + "efekty/", outcomes_save, name="outcomes"),
        path(kind + "ustawienia/", settings_save, name="settings"),
        path(kind + "osoby/", people_save, name="people"),
        path(kind + "test-papierowy/", paper_save, name="paper"),
        path(kind + "test/<str:phase>/zapros/", test_invite, name="test_invite"),
        path(kind + "ankiety/", survey_create, name="survey_create"),
        path(
            kind + "ankiety/<int:survey_id>/pytania/",
            survey_questions,
            name="survey_questions",
        ),
        path(
            kind + "ankiety/<int:survey_id>/przypomnij/",
            survey_remind,
            name="survey_remind",
        ),
        path(kind + "wyniki/", results, name="results"),
    ]
