"""Receivers of the accounts app that call its services (connected when
``apps.ready`` imports this module)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .permissions import SharedContainerPage
from .services import container_page_rights_ensure


@receiver(post_save, dispatch_uid="accounts.container_page_rights")
def container_page_rights(sender, instance, created, raw=False, **kwargs):
    """A new event list or course catalogue gets the role groups' page
    rights at once, however it was created (the admin, seed_demo, a test)."""
    if created and not raw and isinstance(instance, SharedContainerPage):
        container_page_rights_ensure(page=instance)
