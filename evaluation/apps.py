from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Ewaluacja i weryfikacja kompetencji")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.signals import completion_vetoes

        from .receivers import course_completion_veto

        completion_vetoes.connect(
            course_completion_veto, dispatch_uid="evaluation.course_veto"
        )
