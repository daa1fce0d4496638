from szkola.accounts.errors import DomainError


class CourseError(DomainError):
    """A refused course operation; ``code`` is stable, ``message`` is Polish."""
