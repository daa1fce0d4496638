"""allauth's sign-up form, made atomic.

Kept apart from forms.py: allauth builds its SignupForm on top of
ACCOUNT_SIGNUP_FORM_CLASS (our ProfileSignupForm) at import time, so the two
cannot live in one module.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.db import transaction


class SignupForm(AllauthSignupForm):
    def save(self, request):
        # The account, its email address, the profile and the consent are
        # written together or not at all.
        with transaction.atomic():
            return super().save(request)
