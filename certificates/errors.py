"""Refusals of the certificates app, each with a stable code."""

from szkola.accounts.errors import DomainError


class CertificateError(DomainError):
    """codes: invalid_source, name_missing, not_allowed, already_revoked,
    superseded, reason_required, account_deleted, status_list_full,
    post_test_missing, assessment_missing."""
