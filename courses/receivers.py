def course_published(sender, instance, **kwargs) -> None:
    from .services import course_trainers_sync

    course_trainers_sync(course=instance)


def personal_data_section(sender, *, user, **kwargs) -> dict:
    from .selectors import personal_data

    return personal_data(user=user)
