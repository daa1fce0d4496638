"""Admin screens for talking to an event's registrants: the messages sent
(and the reminders), writing a message, its preview, and a sent message
with its recipients. Separate from the registrations desk; linked from the
event page in the admin and from the dashboard."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .admin_views import user_may_coordinate
from .emails import message_email_content
from .errors import EventError
from .models import EventPage, Registration
from .models.messages import ATTACHMENT_MAX_BYTES, EventMessage, RegistrationReminder
from .participant_emails import email_context, participant_email
from .selectors import event_is_cancelled
from .services import (
    ensure_coordinator,
    event_message_draft,
    event_message_send,
    event_reminders_send_now,
    message_recipients,
)
from .services.messages import UploadedAttachment, recipients_summary

Status = Registration.Status


class MessageForm(forms.Form):
    statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Do kogo"),
        choices=Status.choices,
        initial=[Status.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Osoby, których zgłoszenia mają zaznaczone statusy."),
        error_messages={"required": gettext_lazy("Zaznacz co najmniej jeden status.")},
    )
    subject = forms.CharField(label=gettext_lazy("Temat"), max_length=150)
    body = forms.CharField(
        label=gettext_lazy("Treść"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    attachment = forms.FileField(
        label=gettext_lazy("Załącznik (nieobowiązkowy)"),
        required=False,
        help_text=gettext_lazy(
            "Jeden plik PDF, DOCX, ODT, XLSX, JPG lub PNG, najwyżej %(mb)s MB."
        )
        % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args, counts: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statuses"].choices = [
            (value, f"{label} ({counts.get(value, 0)})")
            for value, label in Status.choices
        ]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            # Refused before it is read into memory.
            raise forms.ValidationError(
                _("Załącznik może mieć najwyżej %(mb)s MB.")
                % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _refused(request, message: str):
    return TemplateResponse(
        request, "events/admin/messages/refused.html", {"message": message}, status=403
    )


class _Refused(Exception):
    def __init__(self, message: str):
        self.message = message


def _event_for(request, event_id: int) -> EventPage:
    """The event, if the user coordinates its organiser; the one place these
    screens ask about scope (through the services' own check)."""
    if not user_may_coordinate(request.user):
        raise PermissionDenied
    event = get_object_or_404(EventPage.objects.prefetch_related("days"), pk=event_id)
    try:
        ensure_coordinator(actor=request.user, event=event)
    except EventError as error:
        raise _Refused(error.message) from error
    return event


def _scoped(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused as refusal:
            return _refused(request, refusal.message)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _status_counts(event: EventPage) -> dict[str, int]:
    rows = (
        Registration.objects.filter(event=event)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def message_list(request, event_id: int):
    event = _event_for(request, event_id)
    sent = (
        EventMessage.objects.filter(event=event, sent_at__isnull=False)
        .select_related("author")
        .annotate(recipient_count=Count("recipients"))
    )
    counts = _status_counts(event)
    reminded = RegistrationReminder.objects.filter(registration__event=event).count()
    return TemplateResponse(
        request,
        "events/admin/messages/list.html",
        {
            "event": event,
            "sent": list(sent),
            "confirmed": counts.get(Status.CONFIRMED, 0),
            "reminded": reminded,
            "cancelled": event_is_cancelled(event),
        },
    )


def message_compose(request, event_id: int):
    event = _event_for(request, event_id)
    counts = _status_counts(event)
    initial = {}
    draft_id = request.GET.get("z", "")
    if draft_id.isdigit():
        draft = EventMessage.objects.filter(
            pk=draft_id, event=event, sent_at__isnull=True
        ).first()
        if draft:
            initial = {
                "statuses": draft.statuses,
                "subject": draft.subject,
                "body": draft.body,
            }
    form = MessageForm(
        request.POST or None, request.FILES or None, counts=counts, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["attachment"]
        try:
            draft = event_message_draft(
                event=event,
                actor=request.user,
                statuses=form.cleaned_data["statuses"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachment=UploadedAttachment(upload.name, upload.read())
                if upload
                else None,
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            return redirect("events_messages:preview", event.pk, draft.pk)
    return TemplateResponse(
        request,
        "events/admin/messages/compose.html",
        {"event": event, "form": form},
    )


def message_preview(request, event_id: int, message_id: int):
    event = _event_for(request, event_id)
    message = get_object_or_404(EventMessage, pk=message_id, event=event)
    if message.sent_at:
        return redirect("events_messages:detail", event.pk, message.pk)
    if request.method == "POST":
        try:
            count = event_message_send(message=message, actor=request.user)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Wysłano wiadomość „%(subject)s”: adresatów %(n)s.")
                % {"subject": message.subject, "n": count},
            )
            return redirect("events_messages:list", event.pk)
    recipients = list(message_recipients(event=event, statuses=message.statuses))
    labels = dict(Status.choices)
    content = message_email_content(message=message, event=event, to="")
    email = participant_email(content)
    return TemplateResponse(
        request,
        "events/admin/messages/preview.html",
        {
            "event": event,
            "message": message,
            "recipients": recipients,
            "summary": recipients_summary(len(recipients)),
            "status_labels": [labels[s] for s in message.statuses],
            "subject": email.subject,
            "text": email.body,
            "email": email_context(content),
        },
    )


def message_detail(request, event_id: int, message_id: int):
    event = _event_for(request, event_id)
    message = get_object_or_404(
        EventMessage.objects.select_related("author"),
        pk=message_id,
        event=event,
        sent_at__isnull=False,
    )
    labels = dict(Status.choices)
    recipients = list(message.recipients.all())
    return TemplateResponse(
        request,
        "events/admin/messages/detail.html",
        {
            "event": event,
            "message": message,
            "recipients": recipients,
            "emailed": sum(1 for r in recipients if r.emailed_at),
            "status_labels": labels,
            "statuses": [labels[s] for s in message.statuses],
        },
    )


def message_attachment(request, event_id: int, message_id: int):
    event = _event_for(request, event_id)
    message = get_object_or_404(
        EventMessage, pk=message_id, event=event, attachment_name__gt=""
    )
    response = HttpResponse(bytes(message.attachment_data), message.attachment_type)
    response["Content-Disposition"] = content_disposition_header(
        True, message.attachment_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def reminders_send(request, event_id: int):
    event = _event_for(request, event_id)
    try:
        count = event_reminders_send_now(event=event, actor=request.user)
    except EventError as error:
        messages.error(request, error.message)
    else:
        if count:
            messages.success(request, _("Wysłano przypomnienia: %(n)s.") % {"n": count})
        else:
            messages.info(
                request,
                _(
                    "Nikt nie czeka na przypomnienie: wszystkie osoby z "
                    "potwierdzonym miejscem już je dostały."
                ),
            )
    return redirect("events_messages:list", event.pk)


def admin_urls():
    return [
        path("<int:event_id>/", _scoped(message_list), name="list"),
        path("<int:event_id>/nowa/", _scoped(message_compose), name="compose"),
        path(
            "<int:event_id>/<int:message_id>/podglad/",
            _scoped(message_preview),
            name="preview",
        ),
        path(
            "<int:event_id>/<int:message_id>/",
            _scoped(message_detail),
            name="detail",
        ),
        path(
            "<int:event_id>/<int:message_id>/zalacznik/",
            _scoped(message_attachment),
            name="attachment",
        ),
        path(
            "<int:event_id>/przypomnienia/",
            _scoped(reminders_send),
            name="reminders_send",
        ),
    ]


def messages_url(event_id: int) -> str:
    return reverse("events_messages:list", args=[event_id])


__all__ = ["admin_urls", "messages_url"]
