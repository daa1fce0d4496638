"""Participant views: register, my registrations, QR code, calendars."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from szkola.accounts.selectors import participation_step_missing
from szkola.home.links import public_url

from .errors import EventError
from .forms import RegistrationForm
from .ics import event_ics, feed_ics
from .models import CalendarFeed, EventPage, Registration
from .rules import checkin_token
from .selectors import (
    confirmed_events_for_feed,
    event_for_registration,
    my_registrations,
)
from .services import (
    calendar_feed_get_or_create,
    calendar_feed_reset,
    registration_cancel,
    registration_create,
    registration_offer_accept,
)


def registration_form_for_page(
    *, event: EventPage, context: dict
) -> RegistrationForm | None:
    """The registration form the event page offers, filled in with the
    initial answers its selector found (see ``event_page_context``)."""
    if not context["registration_offered"]:
        return None
    return RegistrationForm(
        event=event,
        full=context["places_left"] == 0,
        initial=context["registration_initial"],
    )


def event_page(request, *, event: EventPage, form: RegistrationForm | None = None):
    """The event page with its registration form: served by Wagtail (see
    ``wagtail_hooks``), and again with ``form``'s errors after an invalid
    registration."""
    context = event.get_context(request)
    if form is None:
        form = registration_form_for_page(event=event, context=context)
    context["registration_form"] = form
    return TemplateResponse(request, event.get_template(request), context)


def event_register(request, event_id: int):
    """POST from the event page's form: register the signed-in user. An
    invalid form shows the page again with the errors; a GET goes to the
    page."""
    event = event_for_registration(event_id=event_id)
    if event is None:
        raise Http404
    url = event.registration_url
    if request.method != "POST" or not _page_viewable(request, event):
        return redirect(url)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    # Another app may need something first (the EFS participant data).
    step = participation_step_missing(user=request.user, next_url=url)
    if step:
        messages.info(request, step["message"])
        return redirect(step["url"])
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration, created = registration_create(
                event=event, user=request.user, **form.service_kwargs()
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            if not created:
                messages.info(
                    request,
                    _("Jesteś już zapisana/zapisany: %(status)s.")
                    % {"status": registration.get_status_display()},
                )
            else:
                messages.success(
                    request,
                    _("Zgłoszenie zapisane: %(status)s.")
                    % {"status": registration.get_status_display()},
                )
            return redirect(url)
    return event_page(request, event=event, form=form)


def _page_viewable(request, event: EventPage) -> bool:
    """Whether the page's view restrictions (a password, signed-in users,
    groups) let this request see it: registering needs what seeing does."""
    return all(
        restriction.accept_request(request)
        for restriction in event.registration_restrictions
    )


@login_required
def my_registrations_view(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return TemplateResponse(
        request,
        "events/my_registrations.html",
        {
            "registrations": my_registrations(user=request.user),
            "feed_url": (
                public_url(reverse("events:feed", kwargs={"token": feed.token}))
                if feed
                else ""
            ),
        },
    )


def _own_registration(request, pk: int) -> Registration:
    # Someone else's registration is simply not found: no hint it exists.
    return get_object_or_404(
        Registration.objects.select_related("event").prefetch_related("event__days"),
        pk=pk,
        user=request.user,
    )


@login_required
def registration_cancel_view(request, pk: int):
    """GET: what cancelling gives up, and the confirming button; POST:
    cancel."""
    registration = _own_registration(request, pk)
    if request.method != "POST":
        if registration.status in (
            Registration.Status.CANCELLED,
            Registration.Status.REJECTED,
        ):
            return redirect("events:my_registrations")
        return TemplateResponse(
            request,
            "events/registration_cancel.html",
            {"registration": registration, "event": registration.event},
        )
    try:
        registration_cancel(registration=registration, actor=request.user)
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Zgłoszenie anulowane."))
    return redirect("events:my_registrations")


@login_required
@require_POST
def registration_offer_accept_view(request, pk: int):
    """Take the freed place offered to a waiting participant."""
    registration = _own_registration(request, pk)
    try:
        registration = registration_offer_accept(
            registration=registration, actor=request.user
        )
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Miejsce przyjęte: %(status)s.")
            % {"status": registration.get_status_display()},
        )
    return redirect("events:my_registrations")


@login_required
def registration_ics_view(request, pk: int):
    registration = _own_registration(request, pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise Http404
    response = HttpResponse(
        event_ics(registration.event),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="wydarzenie-{registration.event_id}.ics"'
    )
    return response


@login_required
def registration_qr_view(request, pk: int):
    """The check-in QR code (SVG) of a confirmed registration."""
    import qrcode
    import qrcode.image.svg

    registration = _own_registration(request, pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise Http404
    image = qrcode.make(
        checkin_token(registration=registration),
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def feed_create_view(request):
    if request.POST.get("reset"):
        calendar_feed_reset(user=request.user)
        messages.success(
            request, _("Nadano nowy adres kalendarza; stary przestał działać.")
        )
    else:
        calendar_feed_get_or_create(user=request.user)
        messages.success(request, _("Adres kalendarza jest gotowy."))
    return redirect("events:my_registrations")


def feed_view(request, token: str):
    """The personal iCalendar feed; the secret token is the only key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    events = confirmed_events_for_feed(user=feed.user)
    response = HttpResponse(
        feed_ics(events, name=_("Szkoła Kooperacji — moje wydarzenia")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
