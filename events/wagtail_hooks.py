"""Wagtail hooks: the event page served with its registration form, and the
coordinators' registrations desk in the admin (viewsets and menu)."""

from django.http import HttpResponseRedirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import events_desk_viewset, registration_desk_viewset
from .scope import may_coordinate as user_may_coordinate


@hooks.register("on_serve_page", order=100)
def event_page_serve(serve_next):
    """An event page is served by ``events.views.event_page``, which adds the
    registration form; the page model itself knows nothing of forms and
    views. Registered after Wagtail's view restrictions (order 0), so a
    restricted page stays closed. A POST to the page's address (a form
    rendered before registration had its own address) goes on to
    ``events:register`` with its data (307)."""

    def serve(page, request, serve_args, serve_kwargs):
        from .models import EventPage

        if not isinstance(page, EventPage):
            return serve_next(page, request, serve_args, serve_kwargs)
        if request.method == "POST":
            return HttpResponseRedirect(
                reverse("events:register", args=[page.pk]), preserve_request=True
            )
        from .views import event_page

        return event_page(request, event=page)

    return serve


@hooks.register("register_admin_viewset")
def register_events_desk():
    return events_desk_viewset


@hooks.register("register_admin_viewset")
def register_registration_desk():
    return registration_desk_viewset


@hooks.register("register_admin_urls")
def register_event_messages_urls():
    from .message_views import admin_urls as message_urls

    return [
        path(
            "wiadomosci-wydarzen/",
            include((message_urls(), "events_messages"), namespace="events_messages"),
        )
    ]


def _messages_button(page, user):
    from wagtail.admin.widgets import Button

    from .models import EventPage

    if page.specific_class is not EventPage or not user_may_coordinate(user):
        return
    from .errors import EventError
    from .services import ensure_coordinator

    organiser = (
        EventPage.objects.filter(pk=page.pk).values_list("organiser", flat=True).first()
    )
    try:
        ensure_coordinator(actor=user, event=EventPage(pk=page.pk, organiser=organiser))
    except EventError:
        return
    yield Button(
        _("Wiadomości do uczestników"),
        reverse("events_messages:list", args=[page.pk]),
        icon_name="mail",
        priority=75,
    )


@hooks.register("register_page_listing_more_buttons")
def event_messages_listing_button(page, user, next_url=None):
    yield from _messages_button(page, user)


@hooks.register("register_page_header_buttons")
def event_messages_header_button(page, user, view_name, next_url=None):
    yield from _messages_button(page, user)


@hooks.register("register_log_actions")
def register_event_message_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("events.message_sent")
    class MessageSent(LogFormatter):
        label = _("Wiadomość do uczestników")

        def format_message(self, log_entry):

            data = log_entry.data or {}
            count = data.get("recipients", 0)
            # "do 1 osoby", but "do 2 osób" as "do 5 osób".
            if count == 1:
                text = _("Wysłano wiadomość „%(subject)s” do 1 osoby.")
            else:
                text = _("Wysłano wiadomość „%(subject)s” do %(n)s osób.")
            return text % {"subject": data.get("subject", ""), "n": count}

    @actions.register_action("events.reminders_sent")
    class RemindersSent(LogFormatter):
        label = _("Przypomnienie o wydarzeniu")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Wysłano przypomnienia o wydarzeniu: %(n)s.") % {
                "n": data.get("reminded", 0)
            }


@hooks.register("construct_homepage_panels")
def add_coordinator_dashboard_panel(request, panels):
    from .dashboard import dashboard_panels

    panels.extend(dashboard_panels(request))
