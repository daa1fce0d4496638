"""A participant hears about their registration through one queued task: the
request that registers only queues it; a worker stores the notification
(kept language-neutral) and queues the email."""

import pytest
from django_tasks_db.models import DBTaskResult

from szkola.live.models import Notification

from ..messaging import emails_muted
from .factories import event_create, register, user_create

pytestmark = pytest.mark.django_db

ANNOUNCE = "events.tasks.registration_announce_task"
EMAIL = "events.tasks.registration_email_task"


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run(task: DBTaskResult):
    """What db_worker does with a queued task."""
    return task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])


def test_registering_queues_one_announcement_and_tells_nobody_yet(queued):
    user = user_create()
    registration = register(event_create(capacity=5), user)

    [task] = DBTaskResult.objects.filter(task_path=ANNOUNCE)
    assert task.args_kwargs["args"] == [registration.pk]
    assert not Notification.objects.filter(user=user).exists()
    assert not DBTaskResult.objects.filter(task_path=EMAIL).exists()


def test_the_queued_announcement_notifies_and_queues_the_email(
    queued, django_capture_on_commit_callbacks
):
    user = user_create()
    event = event_create(title="Szkolenie w Hajnówce", capacity=5)
    registration = register(event, user)
    [task] = DBTaskResult.objects.filter(task_path=ANNOUNCE)

    with django_capture_on_commit_callbacks(execute=True):
        run(task)

    notification = Notification.objects.get(user=user, kind="event")
    assert notification.title == "Miejsce potwierdzone: Szkolenie w Hajnówce"
    # Stored as source text and parameters: read in the reader's language.
    assert notification.message["title"] == {
        "s": "Miejsce potwierdzone: %(title)s",
        "p": {"title": "Szkolenie w Hajnówce"},
    }
    [email] = DBTaskResult.objects.filter(task_path=EMAIL)
    assert email.args_kwargs["args"] == [
        registration.pk,
        notification.title,
        notification.body,
    ]


def test_a_waiting_persons_announcement_says_so(
    queued, django_capture_on_commit_callbacks
):
    event = event_create(title="Szkolenie w Łomży", capacity=1)
    register(event)
    user = user_create()
    register(event, user)
    task = DBTaskResult.objects.filter(task_path=ANNOUNCE).order_by("enqueued_at")
    with django_capture_on_commit_callbacks(execute=True):
        run(task.last())

    notification = Notification.objects.get(user=user, kind="event")
    assert notification.title == "Lista rezerwowa: Szkolenie w Łomży"


def test_muted_emails_stay_muted_when_the_worker_runs_the_announcement(
    queued, django_capture_on_commit_callbacks
):
    user = user_create()
    with emails_muted():
        register(event_create(capacity=5), user)
    [task] = DBTaskResult.objects.filter(task_path=ANNOUNCE)

    with django_capture_on_commit_callbacks(execute=True):
        run(task)

    assert Notification.objects.filter(user=user, kind="event").exists()
    assert not DBTaskResult.objects.filter(task_path=EMAIL).exists()


def test_an_announcement_for_a_registration_gone_meanwhile_does_nothing(queued):
    user = user_create()
    registration = register(event_create(capacity=5), user)
    [task] = DBTaskResult.objects.filter(task_path=ANNOUNCE)
    registration.delete()

    run(task)

    assert not Notification.objects.filter(user=user).exists()
