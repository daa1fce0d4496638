from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Ewaluacja i weryfikacja kompetencji")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.signals import completion_vetoes
        from events.signals import participant_links

        from .receivers import course_completion_veto, event_participant_links

        completion_vetoes.connect(
            course_completion_veto, dispatch_uid="evaluation.course_veto"
        )
        participant_links.connect(
            event_participant_links, dispatch_uid="evaluation.event_links"
        )
