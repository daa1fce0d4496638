"""Small parsers for what arrives from forms, query strings and JSON: one
helper for each, so every app reads a posted id or a date the same way."""

import datetime


def int_or_zero(value) -> int:
    """A posted id as a number, or 0 (which matches no row) when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def iso_date(value, *, invalid: Exception) -> datetime.date:
    """``value`` (a date or its ISO text, ``2026-10-30``) as a date; raises
    ``invalid`` (the caller's domain error with its Polish message) when it is
    not one."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise invalid from error
