"""Background work of the live app: thin wrappers that load by id."""

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def notify_task(
    user_id: int, *, title: str, body: str = "", url: str = "", kind: str = "info"
) -> int | None:
    """Store and push a notification from a worker (a message to many people
    is sent as one task each). A user deleted meanwhile gets nothing."""
    from .services import notify

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    return notify(user, title=title, body=body, url=url, kind=kind).pk
