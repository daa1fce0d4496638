"""Refusals of the events app, each with a stable code and a Polish message."""

from szkola.accounts.errors import DomainError


class EventError(DomainError):
    """Anything about registrations, check-in or attendance that was refused."""
