from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .selectors import notifications_for, notifications_unread_count
from .services import notifications_mark_read

# Ids are primary keys: plain ASCII digits that fit a 64-bit integer. Anything
# else ("²", "1e3", 30 digits) would raise in int() or in the database.
_MAX_ID_DIGITS = 18


def _parse_ids(raw_ids: list[str]) -> list[int] | None:
    """The posted ids as integers, or None if any of them is not an id."""
    ids = []
    for raw in raw_ids:
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= _MAX_ID_DIGITS):
            return None
        ids.append(int(raw))
    return ids


@login_required
def notification_list(request):
    return render(
        request,
        "live/notification_list.html",
        {
            "notifications": notifications_for(user=request.user),
            "unread": notifications_unread_count(user=request.user),
        },
    )


@login_required
def notification_feed(request):
    """The stored state as JSON: what a page re-syncs from after reconnecting."""
    return JsonResponse(
        {
            "unread": notifications_unread_count(user=request.user),
            "notifications": [
                n.as_payload() for n in notifications_for(user=request.user, limit=20)
            ],
        }
    )


@login_required
@require_POST
def notification_mark_read(request):
    raw_ids = request.POST.getlist("id")
    ids = None
    if raw_ids:
        ids = _parse_ids(raw_ids)
        if ids is None:
            messages.error(request, _("Nie rozpoznano wskazanych powiadomień."))
            return redirect("live:notifications")
    changed = notifications_mark_read(user=request.user, ids=ids)
    if changed:
        messages.success(request, _("Oznaczono jako przeczytane."))
    return redirect("live:notifications")
