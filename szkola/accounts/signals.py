"""The accounts app's signals, and the receiver that gives every user a
profile row, however the user was created (sign-up, createsuperuser, the
admin, a data import). Receivers that call the services are in
``receivers.py`` (the services send ``account_deleting`` from here)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def ensure_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


# Sent while exporting a person's data; receivers return a dict of extra
# top-level sections (plain JSON), e.g. {"registrations": [...]}.
personal_data_sections = Signal()

# Sent inside account_delete()'s transaction, just before the account goes.
# Receivers tidy up their own records through their own services (for example
# release places the person holds); raising a DomainError refuses the deletion.
account_deleting = Signal()


# Asked before a person takes part in a form of support (an event
# registration, a course enrolment). Receivers (apps above courses and events,
# such as monitoring) return None when nothing is missing, or a dict
# {"url": str, "message": str}: where the person must go first, and why. The
# views of courses and events ask through
# ``selectors.participation_step_missing`` and never import the receivers.
participation_prerequisites = Signal()
