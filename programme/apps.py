from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Program Szkoły Kooperacji")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.signals import course_completed
        from events.signals import event_completed, places_held_back
        from szkola.accounts.signals import personal_data_sections

        from .receivers import (
            on_component_completed,
            personal_data,
        )
        from .receivers import places_held_back as team_places_held_back

        # A finished course or event may complete a learning path.
        course_completed.connect(
            on_component_completed, dispatch_uid="programme.course"
        )
        event_completed.connect(on_component_completed, dispatch_uid="programme.event")
        personal_data_sections.connect(personal_data, dispatch_uid="programme.data")
        # Places an event reserves for a team are not for anyone else.
        places_held_back.connect(
            team_places_held_back, dispatch_uid="programme.team_places"
        )
        post_migrate.connect(grant_coordinator_permissions, sender=self)


def grant_coordinator_permissions(sender, **kwargs) -> None:
    """Coordinators manage teams, paths and support sessions in the admin (the
    model permissions); every screen and service still checks their scope."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from szkola.accounts.services import COORDINATORS_GROUP

    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    permissions = Permission.objects.filter(
        content_type__app_label="programme",
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("team", "learningpath", "supportsession", "teameventplaces")
        ],
    )
    if permissions:
        group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
        group.permissions.add(*permissions)
