import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from szkola.live.selectors import notifications_for, notifications_unread_count

from .forms import ProfileFieldsForm
from .selectors import personal_data_export, profile_get
from .services import profile_update


@login_required
def dashboard(request):
    """/moje/: the participant's own corner."""
    profile = profile_get(user=request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "profile": profile,
            "notifications": notifications_for(user=request.user, limit=5),
            "unread": notifications_unread_count(user=request.user),
        },
    )


@login_required
def profile_edit(request):
    """/moje/dane/: view and correct one's own data."""
    profile = profile_get(user=request.user)
    initial = {
        "first_name": request.user.first_name,
        "last_name": request.user.last_name,
        **{name: getattr(profile, name) for name in ProfileFieldsForm.profile_fields},
    }
    form = ProfileFieldsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(
            user=request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            **form.profile_data(),
        )
        messages.success(request, _("Zapisano Twoje dane."))
        return redirect("accounts:dashboard")
    return render(
        request, "accounts/profile_edit.html", {"form": form, "profile": profile}
    )


@never_cache
@login_required
def data_export(request):
    """/moje/dane/eksport/: my data as a JSON download."""
    payload = json.dumps(
        personal_data_export(user=request.user), ensure_ascii=False, indent=2
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="moje-dane.json"'
    return response
