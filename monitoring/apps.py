from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring EFS")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from courses.models import Enrolment
        from courses.signals import course_completed
        from events.models import Attendance, Registration
        from events.signals import event_completed
        from szkola.accounts.signals import (
            account_deleting,
            participation_prerequisites,
            personal_data_sections,
        )

        from . import checks, receivers  # noqa: F401 - registers the checks

        participation_prerequisites.connect(
            receivers.participation_prerequisite, dispatch_uid="monitoring.gate"
        )
        account_deleting.connect(
            receivers.account_deleting, dispatch_uid="monitoring.account_deleting"
        )
        personal_data_sections.connect(
            receivers.personal_data_section, dispatch_uid="monitoring.personal_data"
        )
        post_save.connect(
            receivers.registration_saved,
            sender=Registration,
            dispatch_uid="monitoring.registration",
        )
        post_save.connect(
            receivers.attendance_saved,
            sender=Attendance,
            dispatch_uid="monitoring.attendance",
        )
        post_save.connect(
            receivers.enrolment_saved, sender=Enrolment, dispatch_uid="monitoring.enrol"
        )
        event_completed.connect(receivers.completed, dispatch_uid="monitoring.event")
        course_completed.connect(receivers.completed, dispatch_uid="monitoring.course")
