"""Participant and assessor views: knowledge tests (on a phone), the
anonymous survey, the QR code of a test, the assessment sheet."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.home.parsing import int_or_zero

from . import selectors, services
from .errors import EvaluationError
from .models import SourceKind, Survey, TestPhase, VerificationMethod
from .sources import is_participant, source_get


def _source_or_404(source_kind: str, source_id: int):
    if source_kind not in SourceKind.values:
        raise Http404
    source = source_get(kind=source_kind, source_id=source_id)
    if source is None:
        raise Http404
    return source


def _refused(request, message: str, status: int = 403):
    return TemplateResponse(
        request, "evaluation/refused.html", {"message": message}, status=status
    )


@login_required
def knowledge_test_view(request, source_kind: str, source_id: int, phase: str):
    """A pre- or post-test on one page, made for phones. Answers are scored
    on the server; the correct ones are never sent to the browser."""
    if phase not in TestPhase.values:
        raise Http404
    source = _source_or_404(source_kind, source_id)
    plan = selectors.plan_for(source_kind=source.kind, source_id=source.id)
    if not is_participant(source=source, user=request.user):
        return _refused(request, _("Test rozwiązują uczestnicy tych zajęć."))
    result = selectors.knowledge_result_for(plan=plan, user=request.user, phase=phase)
    questions = selectors.knowledge_test_questions(plan=plan) if plan else []
    error = None
    chosen: dict[str, list[str]] = {}
    if request.method == "POST" and result is None:
        chosen = {
            q["id"]: request.POST.getlist(f"q-{q['id']}")
            for q in questions
            if request.POST.getlist(f"q-{q['id']}")
        }
        try:
            result = services.knowledge_test_submit(
                user=request.user,
                source_kind=source.kind,
                source_id=source.id,
                phase=phase,
                answers=chosen,
            )
        except EvaluationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Dziękujemy! Test został zapisany."))
            return redirect(request.path)
    status = 200 if error is None else 400
    return TemplateResponse(
        request,
        "evaluation/knowledge_test.html",
        {
            "source": source,
            "phase": phase,
            "phase_label": TestPhase(phase).label,
            "questions": questions,
            "result": result,
            "error": error,
            "chosen": chosen,
        },
        status=status,
    )


def knowledge_test_qr_view(request, source_kind: str, source_id: int, phase: str):
    """The QR code (SVG) leading to a test, for the attendance list and the
    screen in the room. It holds only the public address of the test page."""
    import qrcode
    import qrcode.image.svg

    if phase not in TestPhase.values:
        raise Http404
    source = _source_or_404(source_kind, source_id)
    image = qrcode.make(
        selectors.knowledge_test_url(
            source_kind=source.kind, source_id=source.id, phase=phase
        ),
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
def survey_view(request, survey_id: int):
    """The anonymous satisfaction survey."""
    survey = get_object_or_404(Survey.objects.select_related("plan"), pk=survey_id)
    source = _source_or_404(survey.plan.source_kind, survey.plan.source_id)
    if not is_participant(source=source, user=request.user):
        return _refused(request, _("Ankietę wypełniają uczestnicy tych zajęć."))
    answered = selectors.survey_has_answered(survey=survey, user=request.user)
    error = None
    if request.method == "POST" and not answered:
        answers = {q["key"]: request.POST.get(q["key"], "") for q in survey.questions}
        try:
            services.survey_answer(
                user=request.user, survey_id=survey.pk, answers=answers
            )
        except EvaluationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Dziękujemy za wypełnienie ankiety!"))
            return redirect(request.path)
    elif request.method == "POST":
        error = _("Ta ankieta została już przez Ciebie wypełniona. Dziękujemy!")
    is_open = selectors.survey_open_for(survey=survey, source=source, user=request.user)
    return TemplateResponse(
        request,
        "evaluation/survey.html",
        {
            "survey": survey,
            "source": source,
            "answered": answered,
            "is_open": is_open,
            "error": error,
            "posted": request.POST if error else {},
            "scale": range(1, 6),
        },
        status=200 if error is None else 400,
    )


def _mfa_gate(request):
    from allauth.mfa.utils import is_mfa_enabled
    from django.utils.http import urlencode

    from szkola.accounts.permissions import staff_second_factor_missing

    if not staff_second_factor_missing(session=request.session, user=request.user):
        return None
    query = urlencode({"next": request.get_full_path()})
    if not is_mfa_enabled(request.user):
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")


@login_required
def assessor_home(request):
    """Courses and events the signed-in person assesses."""
    gated = _mfa_gate(request)
    if gated:
        return gated
    plans = selectors.plans_assessed_by(user=request.user)
    return TemplateResponse(request, "evaluation/assessor_home.html", {"plans": plans})


@login_required
def assessment_view(request, source_kind: str, source_id: int):
    """The assessor confirms outcomes per participant (never a person who
    taught these classes)."""
    gated = _mfa_gate(request)
    if gated:
        return gated
    source = _source_or_404(source_kind, source_id)
    plan = selectors.plan_for(source_kind=source.kind, source_id=source.id)
    if not selectors.user_is_assessor(user=request.user, plan=plan):
        return _refused(request, _("Nie jesteś asesorem wskazanym dla tych zajęć."))
    if selectors.user_taught(user=request.user, source=source, plan=plan):
        return _refused(
            request,
            _(
                "Prowadził(a) Pan/Pani te zajęcia, więc nie może Pan/Pani oceniać "
                "ich uczestników. Ocena musi być niezależna od nauczania."
            ),
        )
    error = None
    if request.method == "POST":
        participant = User.objects.filter(
            pk=int_or_zero(request.POST.get("participant"))
        )
        participant = participant.first()
        decisions = {
            o.pk: request.POST.get(f"o-{o.pk}") == "yes"
            for o in plan.outcomes.all()
            if request.POST.get(f"o-{o.pk}") in ("yes", "no")
        }
        try:
            assessed_on = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            assessed_on = None
        try:
            if participant is None:
                raise EvaluationError("not_participant", _("Wybierz uczestnika."))
            if assessed_on is None:
                raise EvaluationError("invalid_assessment", _("Podaj datę oceny."))
            if len(decisions) != plan.outcomes.count():
                raise EvaluationError(
                    "invalid_assessment",
                    _("Zaznacz dla każdego efektu, czy został osiągnięty."),
                )
            gained = services.assessment_record(
                assessor=request.user,
                source_kind=source.kind,
                source_id=source.id,
                participant=participant,
                decisions=decisions,
                method=request.POST.get("method", ""),
                assessed_on=assessed_on,
            )
        except EvaluationError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Zapisano ocenę: %(name)s — %(result)s.")
                % {
                    "name": participant.get_full_name(),
                    "result": _("kompetencje uzyskane")
                    if gained
                    else _("kompetencje jeszcze nieuzyskane"),
                },
            )
            return redirect(request.path)
    return TemplateResponse(
        request,
        "evaluation/assessment.html",
        {
            "source": source,
            "plan": plan,
            "groups": selectors.outcomes_grouped(plan=plan),
            "sheet": selectors.assessment_sheet(plan=plan, source=source),
            "methods": VerificationMethod.choices,
            "today": timezone.localdate().isoformat(),
            "error": error,
        },
        status=200 if error is None else 400,
    )
