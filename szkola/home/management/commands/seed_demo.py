"""Fill a local database with the demo site: people, pages, then each
domain app's demo content (courses, events, certificates…)."""

import importlib
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szkola.accounts.services import audit_log
from szkola.home import demo_people as people
from szkola.home.demo_seed import seed_pages, seed_people, seed_site_settings
from szkola.home.emails import emails_muted


def demo_module(app: str):
    """The app's ``demo`` module, or None when the app has none yet."""
    name = f"{app}.demo"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        # Only a missing demo module is skipped; an import error inside
        # an existing one is a bug and must surface.
        if error.name in (name, app):
            return None
        raise


class Command(BaseCommand):
    help = gettext_lazy("Tworzy dane demonstracyjne (tylko lokalnie, przy DEBUG=True).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Uruchom mimo DEBUG=False (np. w testach)."),
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "seed_demo tworzy konta z jawnym hasłem i działa tylko przy "
                    "DEBUG=True. Jeśli na pewno chcesz, użyj --force."
                )
            )
        started = time.monotonic()
        made: Counter = Counter()
        made.update(seed_people())
        home, pages_made = seed_pages()
        made.update(pages_made)
        made.update(seed_site_settings(home=home))
        if made:
            audit_log(actor=None, action="home.demo.seeded", data=dict(made))
        self._report("home", made)

        # What other apps' seeding already relies on comes first: the
        # certificate templates and the issuing bodies of the voivodeships
        # (courses and events issue certificates as they seed completions).
        for app in people.DEMO_APPS:
            module = demo_module(app)
            if module is not None and hasattr(module, "prepare"):
                module.prepare(stdout=self.stdout)

        for app in people.DEMO_APPS:
            module = demo_module(app)
            if module is None or not hasattr(module, "seed"):
                self.stdout.write(f"{app}: brak modułu demo, pomijam.")
                continue
            # The demo people's addresses are made up: nobody is emailed.
            with emails_muted():
                module.seed(home=home, stdout=self.stdout)

        self.stdout.write(
            self.style.SUCCESS(
                f"Gotowe w {time.monotonic() - started:.1f} s. Hasło kont demo: "
                f"{people.DEMO_PASSWORD}; sekret TOTP personelu: "
                f"{people.DEMO_TOTP_SECRET}; uczestnik do pierwszego "
                f"logowania: {people.DEMO_PARTICIPANT_EMAIL}."
            )
        )

    def _report(self, label: str, made: Counter) -> None:
        if not made:
            self.stdout.write(f"{label}: nic nowego (dane już istnieją).")
            return
        parts = ", ".join(f"{key}: {count}" for key, count in sorted(made.items()))
        self.stdout.write(f"{label}: utworzono {parts}.")
