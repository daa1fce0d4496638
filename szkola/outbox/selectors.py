from django.db.models import Count

from szkola.accounts.permissions import user_voivodeships_in_scope

from .models import OutboundEmail


def outbox_figures() -> dict:
    counts = dict(
        OutboundEmail.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {status: counts.get(status, 0) for status in OutboundEmail.Status.values}


def outbox_for_user(user):
    """Emails a staff member may see: their voivodeship's (by the scope the
    sender stamped), everything for the leader's team and superusers."""
    scope = user_voivodeships_in_scope(user)
    emails = OutboundEmail.objects.all()
    if scope is None:
        return emails
    return emails.filter(scope__in=scope) if scope else emails.none()
