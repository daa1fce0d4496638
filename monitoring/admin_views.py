"""Coordinator screens in the Wagtail admin: the monitoring report with its
charts, the SL2014 export and the participants' records (each read audited).
Every view asks the scope through the selectors."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szkola.accounts.constants import Voivodeship
from szkola.accounts.permissions import user_voivodeships_in_scope
from szkola.accounts.services import audit_log

from . import rules
from .errors import MonitoringError
from .exports import report_workbook, sl2014_workbook
from .report import build_report
from .selectors import (
    participant_data_read,
    records_for_export,
    user_may_use_monitoring,
)
from .services import participant_situation_after_set

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FilterForm(forms.Form):
    voivodeship = forms.ChoiceField(label=gettext_lazy("Województwo"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("Rozpoczęcie udziału od"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Podaj datę w postaci RRRR-MM-DD.")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("do"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Podaj datę w postaci RRRR-MM-DD.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_voivodeships_in_scope(user)
        # Every code is offered so that a hand-made request for another
        # voivodeship reaches the scope check and is refused with a reason.
        choices = list(Voivodeship.choices)
        if scope is None:
            choices = [("", _("wszystkie")), *choices]
        else:
            choices = [c for c in choices if c[0] in scope] + [
                c for c in choices if c[0] not in scope
            ]
        self.fields["voivodeship"].choices = choices
        self.default_voivodeship = "" if scope is None else (scope[0] if scope else "")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("Data końcowa jest wcześniejsza niż początkowa.")
            )
        return cleaned

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "voivodeship": (
                data.get("voivodeship")
                if self.is_bound and "voivodeship" in self.data
                else self.default_voivodeship
            )
            or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


def _require(request) -> None:
    if not user_may_use_monitoring(request.user):
        raise PermissionDenied


def _form(request) -> FilterForm:
    return FilterForm(request.GET or None, user=request.user)


def _scope_label(voivodeship: str | None) -> str:
    return str(Voivodeship(voivodeship).label) if voivodeship else _("wszystkie")


def report(request):
    """/admin/monitoring/: people reached and support given, with charts."""
    _require(request)
    form = _form(request)
    context = {"form": form, "report": None}
    status = 200
    if not form.is_bound or form.is_valid():
        filters = form.filters()
        try:
            records = records_for_export(
                user=request.user, include_anonymised=True, **filters
            )
        except MonitoringError as error:
            messages.error(request, error.message)
            status = 403
        else:
            context["report"] = build_report(
                records,
                scope_label=_scope_label(filters["voivodeship"]),
                date_from=filters["date_from"],
                date_to=filters["date_to"],
            )
            context["query"] = request.GET.urlencode()
    return render(request, "monitoring/admin/report.html", context, status=status)


def _download(request, build, *, filename: str, action: str):
    _require(request)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Popraw filtry raportu."))
        return redirect("monitoring_admin:report")
    filters = form.filters()
    try:
        payload, rows = build(filters)
    except MonitoringError as error:
        messages.error(request, error.message)
        response = render(
            request, "monitoring/admin/report.html", {"form": form}, status=403
        )
        return response
    audit_log(
        actor=request.user,
        action=action,
        data={
            "rows": rows,
            "voivodeship": filters["voivodeship"] or "",
            "from": str(filters["date_from"] or ""),
            "to": str(filters["date_to"] or ""),
        },
    )
    response = HttpResponse(payload, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    suffix = filters["voivodeship"] or "wszystkie"
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}-{suffix}-{stamp}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def export_sl2014(request):
    """The SL2014 participant export for the chosen scope and period."""

    def build(filters):
        records = records_for_export(user=request.user, **filters)
        return sl2014_workbook(records), len(records)

    return _download(
        request, build, filename="sl2014-uczestnicy", action="monitoring.export.sl2014"
    )


def export_report(request):
    def build(filters):
        records = records_for_export(
            user=request.user, include_anonymised=True, **filters
        )
        result = build_report(
            records,
            scope_label=_scope_label(filters["voivodeship"]),
            date_from=filters["date_from"],
            date_to=filters["date_to"],
        )
        return report_workbook(result), len(records)

    return _download(
        request, build, filename="raport-monitoringu", action="monitoring.export.report"
    )


def participants(request):
    """Participants in scope: names and codes only; details one by one."""
    _require(request)
    form = _form(request)
    records = []
    status = 200
    if not form.is_bound or form.is_valid():
        try:
            records = records_for_export(user=request.user, **form.filters())
        except MonitoringError as error:
            messages.error(request, error.message)
            status = 403
        else:
            audit_log(
                actor=request.user,
                action="monitoring.participant.listed",
                data={
                    "rows": len(records),
                    **{k: str(v or "") for k, v in form.filters().items()},
                },
            )
    return render(
        request,
        "monitoring/admin/participants.html",
        {"form": form, "records": records},
        status=status,
    )


class SituationAfterForm(forms.Form):
    situation = forms.ChoiceField(
        label=gettext_lazy("Sytuacja po zakończeniu udziału"),
        choices=[("", "—"), *rules.SituationAfter.choices],
        error_messages={
            "required": gettext_lazy("Wybierz sytuację uczestnika z listy."),
            "invalid_choice": gettext_lazy("Wybierz sytuację uczestnika z listy."),
        },
    )


def participant_detail(request, pk: int):
    """One participant's record; a POST records the situation after leaving
    (the service checks the scope again and audits it)."""
    _require(request)
    try:
        record = participant_data_read(actor=request.user, pk=pk)
    except MonitoringError as error:
        if error.code == "not_found":
            raise Http404 from error
        return render(
            request,
            "monitoring/admin/refused.html",
            {"message": error.message},
            status=403,
        )
    status = 200
    form = SituationAfterForm(
        request.POST if request.method == "POST" else None,
        initial={"situation": record.situation_after},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                participant_situation_after_set(
                    user=record.user,
                    situation=form.cleaned_data["situation"],
                    actor=request.user,
                )
            except MonitoringError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Zapisano sytuację uczestnika po zakończeniu udziału.")
                )
                return redirect("monitoring_admin:participant", pk=record.pk)
        status = 400
    answers = record.special_answers
    special = [
        (question, dict(rules.Answer.choices).get(answers.get(key, ""), "—"))
        for key, question in rules.SPECIAL_SITUATIONS
    ]
    return render(
        request,
        "monitoring/admin/participant_detail.html",
        {"record": record, "special": special, "situation_form": form},
        status=status,
    )


def admin_urls():
    return [
        path("", report, name="report"),
        path("raport.xlsx", export_report, name="report_xlsx"),
        path("sl2014.xlsx", export_sl2014, name="sl2014"),
        path("uczestnicy/", participants, name="participants"),
        path("uczestnicy/<int:pk>/", participant_detail, name="participant"),
    ]
