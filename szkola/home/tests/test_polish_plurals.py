"""Polish has three plural forms: 1 ("1 wolne miejsce"), 2–4 ("3 wolne
miejsca") and 5+ ("5 wolnych miejsc"). A catalogue entry whose 2–4 form is
the 5+ form copied reads wrong ("3 wolnych miejsc")."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
COUNTED = re.compile(r"\{%\s*blocktrans(?:late)?\b[^%]*\bcount\b")


def _polish_catalogues():
    for folder in settings.LOCALE_PATHS:
        yield from sorted((Path(folder) / "pl" / "LC_MESSAGES").glob("*.po"))


def _same_few_and_many() -> list[str]:
    wrong = []
    for path in _polish_catalogues():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale="pl")
        for message in catalog:
            if not message.pluralizable or len(message.string or ()) != 3:
                continue
            few, many = message.string[1], message.string[2]
            if few and few == many:
                wrong.append(f"{path.name}: {message.id[0]!r}")
    return wrong


def test_polish_plural_entries_have_distinct_2_to_4_and_5_plus_forms():
    assert _same_few_and_many() == []


def test_every_counted_template_string_gives_its_polish_2_to_4_form():
    """Each {% blocktranslate count %} has a `{# Translators: pl-few: … #}`
    comment on the line above, which sync_source_catalogue turns into the
    2–4 form."""
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if COUNTED.search(line):
                above = lines[number - 1] if number else ""
                if "pl-few:" not in above:
                    missing.append(f"{path.relative_to(TEMPLATES)}:{number + 1}")
    assert missing == []


def test_every_python_ngettext_gives_its_polish_2_to_4_form():
    root = Path(settings.BASE_DIR)
    missing = []
    for folder in (
        "szkola",
        "courses",
        "events",
        "evaluation",
        "programme",
        "certificates",
        "monitoring",
    ):
        for path in sorted((root / folder).rglob("*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines):
                if re.search(r"\bn(?:gettext|pgettext)(?:_lazy)?\(", line) and (
                    "import" not in line
                ):
                    # xgettext takes a comment right above the string,
                    # inside the call, or above a one-line call.
                    near = "\n".join(lines[max(0, number - 3) : number + 2])
                    if "pl-few:" not in near:
                        missing.append(f"{path.relative_to(root)}:{number + 1}")
    assert missing == []
