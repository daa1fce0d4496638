"""The outbox's task: thin, loads by id and calls the service. Safe to run
twice: a sent email is skipped, a locked one belongs to another worker."""

from django_tasks import task


@task()
def outbound_send_task(email_id: int) -> str:
    from .services import outbound_send

    return outbound_send(email_id=email_id)
