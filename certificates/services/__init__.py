"""Every write of the certificates app: completions received, issue, re-issue,
revoke, bulk issue. Callers import from here; the modules are split by seam
(``urls``, ``numbering``, ``completions``, ``eligibility``, ``documents``,
``issue``, ``bulk``, ``bulk_start``)."""

from ..emails import certificate_email_send
from ..models import STATUS_LIST_SIZE
from ..pdf import render_certificate
from .bulk import bulk_chunk_run, bulk_chunks_plan, bulk_group, bulk_issue_run
from .bulk_start import bulk_issue_start
from .completions import completion_record
from .documents import outcome_lines, template_for
from .eligibility import actor_check
from .issue import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from .numbering import (
    DEFAULT_NUMBER_PATTERN,
    certificate_insert,
    format_number,
    number_take,
    numbers_give_back,
    numbers_reserve,
    status_index_draw,
)
from .urls import site_url, verification_url

__all__ = [
    "DEFAULT_NUMBER_PATTERN",
    "STATUS_LIST_SIZE",
    "actor_check",
    "bulk_chunk_run",
    "bulk_chunks_plan",
    "bulk_group",
    "bulk_issue_run",
    "bulk_issue_start",
    "certificate_email_send",
    "certificate_insert",
    "certificate_issue",
    "certificate_reissue",
    "certificate_revoke",
    "completion_record",
    "format_number",
    "number_take",
    "numbers_give_back",
    "numbers_reserve",
    "outcome_lines",
    "render_certificate",
    "site_url",
    "status_index_draw",
    "template_for",
    "verification_url",
]
