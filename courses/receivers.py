def course_published(sender, instance, **kwargs) -> None:
    from .services import course_trainers_sync

    course_trainers_sync(course=instance)


def lesson_published(sender, instance, **kwargs) -> None:
    # Files a lesson uses become private to its course when it goes live
    # (report_selectors.courses_guarding_file reads Wagtail's reference index):
    # index them now rather than whenever the task worker gets to it.
    from wagtail.models import ReferenceIndex

    ReferenceIndex.create_or_update_for_object(instance)


def personal_data_section(sender, *, user, **kwargs) -> dict:
    from .report_selectors import personal_data

    return personal_data(user=user)
