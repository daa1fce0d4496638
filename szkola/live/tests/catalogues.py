"""The project's English catalogue, compiled for a test: the repository keeps
only the .po files, so without this every text would read as its Polish
source string and a test could not tell the languages apart."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings


@pytest.fixture(scope="session")
def _english_catalogue_dir(tmp_path_factory) -> Path:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = Path(django_settings.BASE_DIR) / "locale"
    target = tmp_path_factory.mktemp("locale")
    for po_path in sorted(source.glob("*/LC_MESSAGES/django.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        for message in list(catalog):
            if message.fuzzy and message.id:
                del catalog[message.id, message.context]
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
    return target


@pytest.fixture
def compiled_catalogues(settings, _english_catalogue_dir):
    """LOCALE_PATHS pointing at the compiled catalogues (Django drops its
    cached translations when the setting changes, and again afterwards)."""
    settings.LOCALE_PATHS = [_english_catalogue_dir]
    return _english_catalogue_dir
