"""Work run on a schedule rather than for a request: it calls the services,
which enqueue the emails (``events.tasks``), so it sits above both."""

from django_tasks import task

from .services.reminders import event_reminders_send


@task()
def event_reminders_task() -> dict:
    """Send the reminders that are due; the same as ``manage.py
    send_event_reminders``."""
    result = event_reminders_send()
    return {"events": result.events, "reminded": result.reminded}
