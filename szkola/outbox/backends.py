"""The email backend every part of the application sends through (allauth's
emails included): it stores each message in the outbox and hands it to a task.
The backend that really talks to the mail server is OUTBOX_DELIVERY_BACKEND."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .services import outbound_schedule, outbound_store


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        stored = []
        with transaction.atomic():
            for message in email_messages:
                if not message.recipients():
                    continue
                stored.append(outbound_store(message=message).pk)
            # With the database task backend the task rows are written in the
            # same transaction as the emails: both exist, or neither.
            for email_id in stored:
                outbound_schedule(email_id=email_id)
        return len(stored)
