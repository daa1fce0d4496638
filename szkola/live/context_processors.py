from django.utils.functional import SimpleLazyObject

from .selectors import notifications_unread_count


def live(request):
    """``unread`` for the header badge, counted only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread": 0}
    return {"unread": SimpleLazyObject(lambda: notifications_unread_count(user=user))}
