"""Live progress of a bulk issue for the coordinator who follows it."""

from django.utils.functional import cached_property

from szkola.accounts.permissions import user_may_act_on_voivodeship
from szkola.live.consumers import LiveConsumer

from .models import BulkIssue, Completion
from .services import bulk_group


def _bulk_for(user, bulk_id: int) -> BulkIssue | None:
    """The run if ``user`` may follow it (coordinator tools and the source's
    organiser in scope), else None."""
    from .admin_views import user_may_use_tools

    if not user_may_use_tools(user):
        return None
    run = BulkIssue.objects.filter(pk=bulk_id).first()
    if run is None:
        return None
    first = Completion.objects.filter(
        source_kind=run.source_kind, source_id=run.source_id
    ).first()
    if first is None or not user_may_act_on_voivodeship(user, first.organiser):
        return None
    return run


class BulkIssueProgressConsumer(LiveConsumer):
    staff_second_factor_required = True
    groups_named_by_route = True

    @cached_property
    def bulk_id(self) -> int:
        return int(self.scope["url_route"]["kwargs"]["pk"])

    def allowed(self, user) -> bool:
        return _bulk_for(user, self.bulk_id) is not None

    def group_names(self) -> list[str]:
        return [bulk_group(self.bulk_id)]

    def snapshot(self) -> dict:
        # Read after joining the group: a step finished in between is in
        # this snapshot or in the next push, never lost.
        run = BulkIssue.objects.get(pk=self.bulk_id)
        return {"event": "progress", "bulk": run.as_payload()}
