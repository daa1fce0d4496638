"""The event's documents in the admin: attendance lists to print (per day and
for the whole event) and the signed scans uploaded back, kept privately and
sent only to coordinators of the event's organiser."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .admin_views import event_in_scope, posted_id
from .errors import EventError
from .models import AttendanceScan, EventDay
from .services import attendance_scan_upload
from .storage import private_storage


def documents(request, event_id: int):
    event = event_in_scope(request, event_id)
    if request.method == "POST":
        day = get_object_or_404(
            EventDay, pk=posted_id(request.POST.get("day")), page=event
        )
        try:
            attendance_scan_upload(
                day=day, actor=request.user, upload=request.FILES.get("scan")
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Zapisano skan listy obecności z dnia %(date)s.")
                % {"date": day.date.strftime("%d.%m.%Y")},
            )
        return redirect("events_admin:documents", event.pk)
    scans = list(
        AttendanceScan.objects.filter(day__page=event).select_related(
            "day", "uploaded_by"
        )
    )
    days = [
        {"day": day, "scans": [s for s in scans if s.day_id == day.pk]}
        for day in event.ordered_days
    ]
    return TemplateResponse(
        request, "events/admin/documents.html", {"event": event, "days": days}
    )


def scan_download(request, event_id: int, scan_id: int):
    event = event_in_scope(request, event_id)
    scan = get_object_or_404(AttendanceScan, pk=scan_id, day__page=event)
    try:
        handle = private_storage().open(scan.file, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=scan.content_type,
        as_attachment=True,
        filename=scan.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response
