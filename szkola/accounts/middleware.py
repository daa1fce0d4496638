from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .permissions import second_factor_gate


class StaffMFAMiddleware:
    """The admin is reached only in a session authenticated with a second factor.

    Trainers, coordinators and admins who have not enrolled TOTP are sent to
    enrol it; those who have, but signed in without it in this session (for
    example before enrolling), are asked for a code first. Checked on every
    request under /admin/, so no admin view can be reached around it. Anyone
    else signed in is sent back to their dashboard with a message. Staff
    pages outside the admin ask the same gate (``permissions.second_factor_gate``)
    through ``staff_second_factor_required``.
    """

    prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.prefix)
            and user is not None
            and user.is_authenticated
        ):
            gated = second_factor_gate(
                request,
                message=_(
                    "Aby wejść do panelu administracyjnego, włącz "
                    "uwierzytelnianie dwuskładnikowe (aplikacja TOTP)."
                ),
            )
            if gated is not None:
                return gated
            if not user.has_perm("wagtailadmin.access_admin"):
                # Wagtail would send a signed-in person without admin access
                # to the login page, which sends a signed-in person straight
                # back to ``next``: an endless loop. Say plainly that the
                # admin is closed.
                messages.error(
                    request,
                    _(
                        "Panel administracyjny jest dostępny tylko dla trenerów, "
                        "koordynatorów i administratorów."
                    ),
                )
                return redirect("accounts:dashboard")
        return self.get_response(request)
