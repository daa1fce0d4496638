import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from szkola.live.selectors import notifications_for, notifications_unread_count

from .errors import DomainError
from .forms import AccountDeleteForm, ProfileFieldsForm
from .permissions import user_is_staff_member
from .selectors import personal_data_export, profile_get
from .services import account_delete, profile_update


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


@never_cache
@login_required
def delete(request):
    """/moje/dane/usun/: delete my account (certificates stay in the register)."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST":
        # The password check is a guessing oracle for anyone holding a
        # session: the same limit as allauth's re-authentication applies.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Zbyt wiele prób. Spróbuj ponownie za kilka minut."))
        elif form.is_valid():
            try:
                account_delete(user=request.user)
            except DomainError as error:
                # Another app may refuse the deletion (account_deleting).
                form.add_error(None, error.message)
            else:
                logout(request)
                messages.success(
                    request, _("Twoje konto i dane zostały usunięte. Do widzenia!")
                )
                return redirect("/")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "is_staff_member": user_is_staff_member(request.user)},
    )
