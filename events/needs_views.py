"""The participant changes the needs given when registering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .errors import EventError
from .forms_needs import RegistrationNeedsForm
from .models import Registration
from .services.needs import registration_needs_refusal, registration_needs_update


@login_required
def registration_needs_view(request, pk: int):
    """GET: the registration form's questions with the current answers; POST:
    save them. Someone else's registration is not found."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__state").prefetch_related(
            "event__days"
        ),
        pk=pk,
        user=request.user,
    )
    refusal = registration_needs_refusal(registration=registration)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("events:my_registrations")
    form = RegistrationNeedsForm(
        request.POST if request.method == "POST" else None,
        registration=registration,
    )
    if form.is_valid():
        try:
            registration_needs_update(
                registration=registration,
                actor=request.user,
                **form.service_kwargs(),
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Zapisaliśmy zmiany: %(title)s.")
                % {"title": registration.event.title},
            )
        return redirect("events:my_registrations")
    return TemplateResponse(
        request,
        "events/registration_needs.html",
        {
            "registration": registration,
            "event": registration.event,
            "registration_form": form,
        },
    )
