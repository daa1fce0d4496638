"""allauth adapter: where people land after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .selectors import user_is_staff_member


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Trainers, coordinators and admins start on the admin dashboard
        (the second-factor gate of /admin/ still applies); participants on
        /moje/. An explicit ``next`` is followed before this is asked."""
        if user_is_staff_member(request.user):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)
