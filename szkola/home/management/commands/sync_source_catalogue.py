"""Fill the Polish catalogue from the Polish source strings.

The interface is written in Polish, so every msgid is already the Polish text.
Leaving Polish msgstr empty would work at run time (gettext falls back to the
msgid) but the catalogue would look untranslated to translators and tools.
This copies each msgid into an empty Polish msgstr; for plural entries it puts
the singular into form 0 and the plural source into the other forms, except
where the catalogue already holds a hand-written form. English is translated
by hand.

Polish has three plural forms (1, 2–4, 5+: "1 wolne miejsce", "3 wolne
miejsca", "5 wolnych miejsc") and gettext's source only two, so the source
gives the "2–4" form in a translator comment next to the string::

    {# Translators: pl-few: %(n)s wolne miejsca #}
    {% blocktranslate count n=places %}{{ n }} wolne miejsce{% plural %}...

(``# Translators: pl-few: …`` above an ``ngettext`` call in Python). This
command puts it into form 1, so the catalogue never says "3 wolnych miejsc".
"""

import re
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand

FEW_FORM = re.compile(r"pl-few:\s*(?P<form>.+?)\s*$")


def few_form(message) -> str:
    """The "2–4" form the source gave in a translator comment, or ''."""
    for comment in message.auto_comments:
        match = FEW_FORM.search(comment)
        if match:
            return match.group("form")
    return ""


class Command(BaseCommand):
    help = "Copy Polish source strings into empty msgstr of locale/pl."

    def handle(self, **options):
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            for po_path in sorted((locale_dir / "pl" / "LC_MESSAGES").glob("*.po")):
                with po_path.open("rb") as handle:
                    catalog = read_po(handle, locale="pl")
                catalog.project = "Szkoła Kooperacji"
                catalog.version = "1.0"
                catalog.language_team = (
                    "Szkoła Kooperacji <kontakt@szkolakooperacji.pl>"
                )
                catalog.last_translator = catalog.language_team
                forms = catalog.num_plurals
                filled = 0
                for message in catalog:
                    if not message.id:
                        continue
                    if message.fuzzy:
                        # makemessages' guess from a similar older string is
                        # never the Polish text of a new one: start afresh.
                        message.string = () if message.pluralizable else ""
                        message.flags.discard("fuzzy")
                    if isinstance(message.id, (list, tuple)):
                        singular, plural = message.id[0], message.id[1]
                        current = list(message.string or ())
                        current += [""] * (forms - len(current))
                        wanted = [singular] + [plural] * (forms - 1)
                        new = [c or w for c, w in zip(current, wanted, strict=True)]
                        few = few_form(message)
                        if few and forms == 3 and new[1] in ("", plural):
                            # A copied "5+" form in the "2–4" slot is never
                            # right; a hand-written one stays.
                            new[1] = few
                        if new != current:
                            message.string = tuple(new)
                            filled += 1
                    elif not message.string:
                        message.string = message.id
                        filled += 1
                with po_path.open("wb") as handle:
                    write_po(handle, catalog, width=88)
                self.stdout.write(f"{po_path}: {filled} entries filled")
