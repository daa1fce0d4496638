"""Bulk issue: every participant of a course or event at once, run as a
task with its progress pushed live."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from ..errors import CertificateError
from ..models import (
    BulkIssue,
    Certificate,
    Completion,
)
from .issue import actor_check, certificate_issue


def bulk_group(bulk_id: int) -> str:
    return f"bulk-issue.{bulk_id}"


@transaction.atomic
def bulk_issue_start(*, source_kind: str, source_id: int, actor: User) -> BulkIssue:
    """Start issuing for every participant of a source with a recorded
    completion and no current certificate; the work runs as a task after
    commit. Raises CertificateError (invalid_source, not_allowed)."""
    from ..tasks import bulk_issue_task

    completions = Completion.objects.filter(
        source_kind=source_kind, source_id=source_id
    )
    first = completions.first()
    if first is None:
        raise CertificateError("invalid_source", _("Brak ukończeń dla tego źródła."))
    actor_check(actor, first.organiser)
    bulk = BulkIssue.objects.create(
        source_kind=source_kind,
        source_id=source_id,
        source_title=first.source_title,
        requested_by=actor,
        total=completions.count(),
    )
    audit_log(
        actor=actor,
        action="certificates.bulk.started",
        obj=bulk,
        data={"kind": source_kind, "id": source_id},
    )
    transaction.on_commit(lambda: bulk_issue_task.enqueue(bulk.pk))
    return bulk


def _bulk_progress(bulk: BulkIssue, **fields) -> None:
    from szkola.live.push import push_now

    for key, value in fields.items():
        setattr(bulk, key, value)
    bulk.save(update_fields=list(fields))
    push_now(bulk_group(bulk.pk), {"event": "progress", "bulk": bulk.as_payload()})


def bulk_issue_run(*, bulk_id: int) -> BulkIssue:
    """Do a bulk issue: one transaction per certificate, so a crash keeps
    what was issued and a second run finishes the rest without duplicates."""
    from ..pdf import funding_bar

    bulk = BulkIssue.objects.select_related("requested_by").get(pk=bulk_id)
    completions = list(
        Completion.objects.filter(
            source_kind=bulk.source_kind, source_id=bulk.source_id
        )
        .select_related("user")
        .order_by("pk")
    )
    issued_for = set(
        Certificate.objects.filter(
            source_kind=bulk.source_kind,
            source_id=bulk.source_id,
            superseded_at__isnull=True,
        ).values_list("completion_id", flat=True)
    )
    _bulk_progress(
        bulk,
        status=BulkIssue.Status.RUNNING,
        total=len(completions),
        done=0,
        issued=0,
        failed=0,
        skipped=[],
    )
    bar = funding_bar()
    templates: dict = {}  # one template lookup per run, not per certificate
    issued = 0
    skipped: list[dict] = []
    try:
        for index, completion in enumerate(completions, start=1):
            name = completion.user.get_full_name() or completion.user.email
            if completion.pk in issued_for:
                skipped.append({"name": name, "reason": _("ma już zaświadczenie")})
            else:
                try:
                    certificate_issue(
                        completion=completion,
                        issued_by=bulk.requested_by,
                        bar=bar,
                        templates=templates,
                    )
                    issued += 1
                except CertificateError as error:
                    skipped.append({"name": name, "reason": str(error.message)})
            if index % 10 == 0 or index == len(completions):
                _bulk_progress(
                    bulk,
                    done=index,
                    issued=issued,
                    failed=len(skipped),
                    skipped=skipped,
                )
    except Exception:
        # What was issued stays (one transaction each); the page stops
        # waiting, and running the same bulk issue again finishes the rest.
        _bulk_progress(bulk, status=BulkIssue.Status.FAILED, finished_at=timezone.now())
        raise
    _bulk_progress(
        bulk,
        status=BulkIssue.Status.DONE,
        done=len(completions),
        issued=issued,
        failed=len(skipped),
        skipped=skipped,
        finished_at=timezone.now(),
    )
    return bulk
