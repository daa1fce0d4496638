"""Pages of live Q&A (participant, moderator, projector), the list of an
event's rooms, the export of questions and poll results, and the live
check-in board. The pages are shells: their state comes over the socket."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.permissions import (
    staff_second_factor_required,
    user_may_act_on_voivodeship,
)

from ..coordinator_views import coordinator_only
from ..errors import EventError
from ..models import EventDay, EventPage, ProgrammeItem
from . import selectors as qa_selectors
from .models import QUESTION_MAX_LENGTH, Question
from .services import room_open


def _room_or_404(room_id: int):
    room = qa_selectors.room_get(pk=room_id)
    if room is None:
        raise Http404
    return room


@login_required
@staff_second_factor_required
def event_qa(request, event_id: int):
    """The event's live rooms; coordinators open new ones here."""
    event = get_object_or_404(
        EventPage.objects.prefetch_related("days", "programme_items"), pk=event_id
    )
    is_coordinator = user_may_act_on_voivodeship(request.user, event.organiser)
    rooms = qa_selectors.rooms_of_event(event=event)
    rooms = [
        room
        for room in rooms
        if is_coordinator
        or qa_selectors.user_may_participate(user=request.user, room=room)
    ]
    if not rooms and not is_coordinator:
        raise PermissionDenied
    opened_days = {room.day_id for room in rooms if room.session_id is None}
    opened_sessions = {room.session_id for room in rooms if room.session_id}
    return TemplateResponse(
        request,
        "events/qa/event_qa.html",
        {
            "event": event,
            "rooms": rooms,
            "is_coordinator": is_coordinator,
            "days_to_open": [d for d in event.ordered_days if d.pk not in opened_days],
            "sessions_to_open": [
                item
                for item in event.programme_items.all()
                if item.pk not in opened_sessions
            ],
        },
    )


@login_required
@require_POST
@staff_second_factor_required
def event_qa_open(request, event_id: int):
    event = get_object_or_404(EventPage, pk=event_id)
    day = session = None
    target = request.POST.get("target", "")
    kind, _sep, raw_id = target.partition(":")
    if raw_id.isascii() and raw_id.isdigit():
        if kind == "day":
            day = EventDay.objects.filter(pk=int(raw_id), page=event).first()
        elif kind == "session":
            session = ProgrammeItem.objects.filter(pk=int(raw_id), page=event).first()
    try:
        room = room_open(
            actor=request.user,
            event=event,
            day=day,
            session=session,
            premoderation=request.POST.get("premoderation") == "1",
        )
    except EventError as error:
        messages.error(request, error.message)
        return redirect("events:qa", event_id=event.pk)
    return redirect("events:qa_moderate", room_id=room.pk)


def _room_page(request, room_id: int, *, role: str, template: str):
    room = _room_or_404(room_id)
    if role == "moderator":
        allowed = qa_selectors.user_may_moderate(user=request.user, room=room)
    else:
        allowed = qa_selectors.user_may_participate(user=request.user, room=room)
    if not allowed:
        raise PermissionDenied
    suffix = {"participant": "", "moderator": "moderacja/", "projector": "rzutnik/"}
    return TemplateResponse(
        request,
        template,
        {
            "room": room,
            "event": room.event,
            "role": role,
            "ws_path": f"/ws/na-zywo/{room.pk}/{suffix[role]}",
            "max_length": QUESTION_MAX_LENGTH,
            "may_export": user_may_act_on_voivodeship(
                request.user, room.event.organiser
            ),
        },
    )


@login_required
def room_view(request, room_id: int):
    return _room_page(
        request, room_id, role="participant", template="events/qa/room.html"
    )


@login_required
@staff_second_factor_required
def room_moderate_view(request, room_id: int):
    return _room_page(
        request, room_id, role="moderator", template="events/qa/room.html"
    )


@login_required
@staff_second_factor_required
def room_projector_view(request, room_id: int):
    return _room_page(
        request, room_id, role="projector", template="events/qa/projector.html"
    )


@login_required
@coordinator_only
def room_export(request, room_id: int):
    """Questions and poll results of a room as an XLSX workbook, for the
    event's coordinators."""
    from szkola.home.exports import Sheet, xlsx_response

    room = _room_or_404(room_id)
    if not user_may_act_on_voivodeship(request.user, room.event.organiser):
        raise PermissionDenied
    labels = dict(Question.Status.choices)
    questions = [
        [
            q.text,
            q.author_name,
            str(labels[q.status]),
            q.votes_count,
            _("tak") if q.answered else _("nie"),
            _("tak") if q.pinned else _("nie"),
            q.created_at,
        ]
        for q in qa_selectors.room_questions(room=room, moderator=True)
    ]
    polls = [
        [
            poll.question,
            option.label,
            option.votes_total,
            str(poll.get_status_display()),
        ]
        for poll in qa_selectors.room_polls(room=room)
        for option in poll.options.all()
    ]
    # Participants' text is neutralised by the shared writer: a question
    # typed as "=HYPERLINK(...)" stays text in the coordinator's spreadsheet.
    return xlsx_response(
        f"pytania-i-ankiety-{room.pk}",
        [
            Sheet(
                title=_("Pytania"),
                headings=[
                    _("Pytanie"),
                    _("Autor"),
                    _("Status"),
                    _("Głosy"),
                    _("Odpowiedziano"),
                    _("Przypięte"),
                    _("Zadano"),
                ],
                rows=questions,
            ),
            Sheet(
                title=_("Ankiety"),
                headings=[_("Ankieta"), _("Odpowiedź"), _("Głosy"), _("Status")],
                rows=polls,
            ),
        ],
    )
