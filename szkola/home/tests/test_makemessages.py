"""Strings marked with ``N_`` (gettext_noop) reach the catalogues."""

import shutil
import subprocess

import pytest
from django.core.management import get_commands, load_command_class


def test_makemessages_passes_the_n_keyword_to_xgettext():
    command = load_command_class(get_commands()["makemessages"], "makemessages")

    assert "--keyword=N_" in command.xgettext_options


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext not installed")
def test_xgettext_with_those_options_extracts_n_marked_strings(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "from django.utils.translation import gettext_noop as N_\n"
        'TITLE = N_("Masz nowe zaświadczenie: %(title)s")\n',
        encoding="utf-8",
    )
    command = load_command_class(get_commands()["makemessages"], "makemessages")

    result = subprocess.run(
        ["xgettext", "-o", "-", "--language=Python", *command.xgettext_options]
        + [str(source)],
        capture_output=True,
        text=True,
        check=True,
    )

    assert 'msgid "Masz nowe zaświadczenie: %(title)s"' in result.stdout
