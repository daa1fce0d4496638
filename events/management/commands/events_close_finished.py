"""Close the attendance of every event whose last day has ended.

Run from cron (e.g. every 15 minutes); safe to run any number of times: an
event is closed once and nobody is completed twice.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from events.services import finished_events_close


class Command(BaseCommand):
    help = (
        "Zamyka listy obecności wydarzeń, których ostatni dzień się zakończył "
        "(z co najmniej jednym wpisem obecności), i oznacza ukończenie."
    )

    def handle(self, *args, **options):
        result = finished_events_close()
        self.stdout.write(
            _(
                "Zamknięte listy obecności: %(events)d; "
                "uczestnicy, którzy ukończyli: %(completed)d."
            )
            % {"events": result.events, "completed": result.completed}
        )
