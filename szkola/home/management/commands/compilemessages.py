"""``compilemessages`` that works without GNU gettext.

Django's command needs ``msgfmt``; a fresh machine with only Python has none.
When it is missing, the project's own catalogues (LOCALE_PATHS) are compiled
with Babel, which reads and writes the same .po/.mo formats.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.compilemessages import Command as DjangoCommand


class Command(DjangoCommand):
    def handle(self, **options):
        if shutil.which(self.program):
            return super().handle(**options)
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        compiled = 0
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file)
                if any(message.fuzzy and message.id for message in catalog):
                    # msgfmt skips fuzzy entries by default; do the same.
                    for message in list(catalog):
                        if message.fuzzy and message.id:
                            del catalog[message.id, message.context]
                with po_path.with_suffix(".mo").open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                compiled += 1
        if not compiled:
            raise CommandError("No .po files found in LOCALE_PATHS.")
        if options["verbosity"] > 0:
            self.stdout.write(f"Compiled {compiled} catalogue(s) with Babel.")
