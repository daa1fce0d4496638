from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Zaświadczenia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.signals import course_completed
        from evaluation.signals import competences_assessed, post_test_taken
        from events.signals import event_completed
        from programme.signals import members_certificates, path_completed
        from szkola.accounts.signals import personal_data_sections

        from . import checks  # noqa: F401 - registers the system checks
        from .receivers import (
            members_certificates as members_certificates_answer,
        )
        from .receivers import (
            on_certificate_issued,
            on_competences_assessed,
            on_completed,
            on_post_test_taken,
            personal_data_section,
        )
        from .signals import certificate_issued

        certificate_issued.connect(
            on_certificate_issued, dispatch_uid="certificates.issued_email"
        )
        course_completed.connect(on_completed, dispatch_uid="certificates.course")
        event_completed.connect(on_completed, dispatch_uid="certificates.event")
        competences_assessed.connect(
            on_competences_assessed, dispatch_uid="certificates.competences"
        )
        post_test_taken.connect(
            on_post_test_taken, dispatch_uid="certificates.post_test"
        )
        path_completed.connect(on_completed, dispatch_uid="certificates.path")
        members_certificates.connect(
            members_certificates_answer, dispatch_uid="certificates.team_members"
        )
        post_migrate.connect(grant_template_permissions, sender=self)
        personal_data_sections.connect(
            personal_data_section, dispatch_uid="certificates.personal_data"
        )


def grant_template_permissions(sender, **kwargs) -> None:
    """Coordinators edit certificate templates (the snippet's model
    permissions); the register and tools check their scope themselves."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from szkola.accounts.services import COORDINATORS_GROUP

    # This app is listed before django.contrib.auth, so its permissions may
    # not exist yet when this runs: create them first (idempotent).
    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    permissions = Permission.objects.filter(
        content_type__app_label="certificates",
        codename__in=[
            f"{action}_certificatetemplate"
            for action in ("add", "change", "delete", "view")
        ],
    )
    if permissions:
        group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
        group.permissions.add(*permissions)
