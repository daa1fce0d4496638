"""Send the reminders before events that are due.

Run from cron or a systemd timer (e.g. every hour, see docs/deployment.md);
safe to run any number of times: a registration is reminded once.
With ``--event <id>`` remind that event's confirmed people now, whatever its
"days before" setting.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.errors import EventError
from events.models import EventPage
from events.services import event_reminders_send, event_reminders_send_now


class Command(BaseCommand):
    help = (
        "Wysyła przypomnienia przed wydarzeniami (raz na zgłoszenie, tylko do "
        "osób z potwierdzonym miejscem, nie dla wydarzeń odwołanych)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--event",
            type=int,
            help=_("id wydarzenia: przypomnij jego uczestnikom od razu"),
        )

    def handle(self, *args, **options):
        if options.get("event"):
            event = EventPage.objects.filter(pk=options["event"]).first()
            if event is None:
                raise CommandError(
                    _("Nie ma wydarzenia o id %(id)s.") % {"id": options["event"]}
                )
            try:
                count = event_reminders_send_now(event=event, actor=None)
            except EventError as error:
                raise CommandError(error.message) from error
            self.stdout.write(
                _("„%(title)s”: wysłane przypomnienia: %(n)d.")
                % {"title": event.title, "n": count}
            )
            return
        result = event_reminders_send()
        self.stdout.write(
            _("Wydarzenia z przypomnieniami: %(events)d; wysłane przypomnienia: %(n)d.")
            % {"events": result.events, "n": result.reminded}
        )
