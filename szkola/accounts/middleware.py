from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .selectors import staff_second_factor_missing


class StaffMFAMiddleware:
    """The admin is reached only in a session authenticated with a second factor.

    Trainers, coordinators and admins who have not enrolled TOTP are sent to
    enrol it; those who have, but signed in without it in this session (for
    example before enrolling), are asked for a code first. Checked on every
    request under /admin/, so no admin view can be reached around it. Anyone
    else signed in is sent back to their dashboard with a message.
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
            and staff_second_factor_missing(session=request.session, user=user)
        ):
            next_query = urlencode({"next": request.get_full_path()})
            if not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _(
                        "Aby wejść do panelu administracyjnego, włącz "
                        "uwierzytelnianie dwuskładnikowe (aplikacja TOTP)."
                    ),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
            messages.info(
                request,
                _("Potwierdź tożsamość kodem z aplikacji uwierzytelniającej."),
            )
            return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        if (
            request.path.startswith(self.prefix)
            and user is not None
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            # Wagtail would send a signed-in person without admin access to
            # the login page, which sends a signed-in person straight back to
            # ``next``: an endless loop. Say plainly that the admin is closed.
            messages.error(
                request,
                _(
                    "Panel administracyjny jest dostępny tylko dla trenerów, "
                    "koordynatorów i administratorów."
                ),
            )
            return redirect("accounts:dashboard")
        return self.get_response(request)
