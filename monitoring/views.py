"""The participant's own form (thin: the service validates and stores)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from szkola.accounts.selectors import profile_get

from . import rules
from .errors import MonitoringError
from .forms import ParticipantDataForm
from .selectors import participant_data_own
from .services import FIELD_GROUPS, FIELDS, participant_data_save


def _initial(user) -> dict:
    record = participant_data_own(user=user)
    if record is not None:
        initial = {name: getattr(record, name) for name in FIELDS}
        if record.birth_date and record.no_pesel:
            initial["birth_date"] = datetime.date.fromisoformat(record.birth_date)
        elif not record.no_pesel:
            initial["birth_date"] = None
            initial["sex"] = ""
        for key, value in record.special_answers.items():
            initial[f"special_{key}"] = value
        return initial
    profile = profile_get(user=user)
    institution_type, occupation = rules.SECTOR_DEFAULTS.get(
        profile.institution_sector, ("", "")
    )
    return {
        "voivodeship": profile.voivodeship,
        "powiat": profile.powiat,
        "gmina": profile.gmina,
        "institution_name": profile.institution_name,
        "institution_type": institution_type,
        "labour_status": rules.LabourStatus.EMPLOYED,
        "occupation": occupation,
    }


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@never_cache
@login_required
def participant_form(request):
    """/moje/dane-uczestnika/: the EFS participant data, asked once before
    the first form of support and correctable later."""
    existing = participant_data_own(user=request.user)
    form = ParticipantDataForm(request.POST or None, initial=_initial(request.user))
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            participant_data_save(user=request.user, data=form.service_data())
        except MonitoringError as error:
            for name, message in error.field_errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Zapisano dane uczestnika projektu.")
                + (" " + _("Możesz teraz dokończyć zapis.") if next_url else ""),
            )
            return redirect(next_url or "accounts:dashboard")
    groups = [
        (legend, [form[name] for name in names]) for legend, names in FIELD_GROUPS
    ]
    if existing is not None and existing.ended_on:
        groups.append((_("Po zakończeniu udziału"), [form["situation_after"]]))
    return render(
        request,
        "monitoring/participant_form.html",
        {
            "form": form,
            "groups": groups,
            "existing": existing,
            "next_url": next_url,
            "notice_version": rules.NOTICE_VERSION,
        },
    )
