"""notify_task: the worker's way to notify."""

from szkola.live.models import Notification
from szkola.live.tasks import notify_task

from .factories import user_create


def test_notify_task_stores_the_notification(db):
    user = user_create()
    notify_task.enqueue(user.pk, title="Zaświadczenia gotowe", url="/moje/")
    stored = Notification.objects.get(user=user)
    assert (stored.title, stored.url) == ("Zaświadczenia gotowe", "/moje/")


def test_notify_task_for_a_deleted_user_does_nothing(db):
    user = user_create()
    user_id = user.pk
    user.delete()
    result = notify_task.enqueue(user_id, title="Nikt tego nie dostanie")
    assert result.return_value is None
    assert not Notification.objects.exists()
