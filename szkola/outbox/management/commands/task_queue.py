"""Show the background-task queue; with --reclaim, give tasks a dead worker
left running to the other workers; with --flush-outbox, hand due emails to
the workers. Run it every minute from a timer (docs/deployment.md)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from szkola.live.task_queue import STALE_AFTER, queue_figures, stale_reclaim
from szkola.outbox.selectors import outbox_figures
from szkola.outbox.services import outbound_flush


class Command(BaseCommand):
    help = gettext_lazy(
        "Pokazuje kolejkę zadań w tle; --reclaim oddaje zadania porzucone przez "
        "zatrzymany proces roboczy, --flush-outbox przekazuje zaległe e-maile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reclaim", action="store_true")
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
        )
        parser.add_argument("--flush-outbox", action="store_true")

    def handle(self, *args, reclaim, stale_minutes, flush_outbox, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db"):
            raise CommandError(
                "Zadania nie są kolejkowane w bazie (TASKS_BACKEND=database): "
                f"backend {backend} wykonuje je od razu."
            )
        if stale_minutes < 1:
            raise CommandError("--stale-minutes musi być dodatnie.")
        if reclaim:
            count = stale_reclaim(older_than=datetime.timedelta(minutes=stale_minutes))
            self.stdout.write(f"reclaimed: {count}")
        if flush_outbox:
            self.stdout.write(f"outbox handed to workers: {outbound_flush()}")
        figures = queue_figures()
        figures.update({f"outbox_{k}": v for k, v in outbox_figures().items()})
        for key, value in figures.items():
            self.stdout.write(f"{key}: {'-' if value is None else value}")
