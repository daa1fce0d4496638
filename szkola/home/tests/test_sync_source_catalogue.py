"""sync_source_catalogue fills the Polish catalogue from the Polish sources."""

import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.core.management import call_command


def test_fills_empty_entries_and_replaces_fuzzy_guesses(tmp_path, settings):
    catalog = Catalog(locale="pl")
    catalog.add("Zapisz się")
    catalog.add("Przyjmij miejsce", string="Termin i miejsce", flags=["fuzzy"])
    catalog.add("Zmień hasło", string="Zmień hasło")
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "django.po").open("wb") as handle:
        write_po(handle, catalog)
    settings.LOCALE_PATHS = [tmp_path]

    call_command("sync_source_catalogue", stdout=io.StringIO())

    with (folder / "django.po").open("rb") as handle:
        result = {m.id: (m.string, m.fuzzy) for m in read_po(handle) if m.id}
    assert result == {
        "Zapisz się": ("Zapisz się", False),
        "Przyjmij miejsce": ("Przyjmij miejsce", False),
        "Zmień hasło": ("Zmień hasło", False),
    }


def _sync(tmp_path, settings, catalog):
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "django.po").open("wb") as handle:
        write_po(handle, catalog)
    settings.LOCALE_PATHS = [tmp_path]
    call_command("sync_source_catalogue", stdout=io.StringIO())
    with (folder / "django.po").open("rb") as handle:
        return {m.id[0]: m.string for m in read_po(handle) if m.pluralizable}


def test_polish_few_form_comes_from_the_translator_comment(tmp_path, settings):
    catalog = Catalog(locale="pl")
    catalog.add(
        ("%(n)s wolne miejsce", "%(n)s wolnych miejsc"),
        auto_comments=["Translators: pl-few: %(n)s wolne miejsca"],
    )
    # Filled earlier by copying: the 5+ form sits in the 2–4 slot.
    catalog.add(
        ("%(n)s osoba", "%(n)s osób"),
        string=("%(n)s osoba", "%(n)s osób", "%(n)s osób"),
        auto_comments=["Translators: pl-few: %(n)s osoby"],
    )
    # Written by hand: kept.
    catalog.add(
        ("%(n)s kurs", "%(n)s kursów"),
        string=("%(n)s kurs", "%(n)s kursy", "%(n)s kursów"),
        auto_comments=["Translators: pl-few: %(n)s kursy (inne)"],
    )

    result = _sync(tmp_path, settings, catalog)

    assert result == {
        "%(n)s wolne miejsce": (
            "%(n)s wolne miejsce",
            "%(n)s wolne miejsca",
            "%(n)s wolnych miejsc",
        ),
        "%(n)s osoba": ("%(n)s osoba", "%(n)s osoby", "%(n)s osób"),
        "%(n)s kurs": ("%(n)s kurs", "%(n)s kursy", "%(n)s kursów"),
    }
