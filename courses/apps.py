from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kursy online")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from szkola.accounts.signals import personal_data_sections

        from . import cache
        from .models import CoursePage, LessonPage
        from .receivers import (
            course_published,
            lesson_published,
            personal_data_section,
        )

        personal_data_sections.connect(
            personal_data_section, dispatch_uid="courses.personal_data"
        )

        # Cached outlines and restrictions follow every change of the tree.
        for signal in (post_save, post_delete):
            signal.connect(cache.tree_changed, sender=PageViewRestriction)
            signal.connect(cache.tree_changed, sender=Page)
            for model in self.get_models():
                if issubclass(model, Page):
                    signal.connect(cache.tree_changed, sender=model)
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(
                cache.tree_changed, dispatch_uid=f"courses.tree.{id(signal)}"
            )

        # The trainers chosen on a course take effect when it is published.
        page_published.connect(
            course_published, sender=CoursePage, dispatch_uid="courses.trainers"
        )
        page_published.connect(
            lesson_published, sender=LessonPage, dispatch_uid="courses.lesson_files"
        )
