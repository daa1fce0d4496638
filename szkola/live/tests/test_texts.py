"""A Text travels as JSON (a task's arguments) and comes back the same."""

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from szkola.live.texts import Text, text_load, text_store


def test_stored_texts_load_back_into_what_stores_the_same():
    body = [
        Text(
            N_("Zwolniło się miejsce: %(title)s (%(phase)s)"),
            {"title": "Szkolenie", "phase": Text(N_("test końcowy")), "n": 3},
        ),
        Text(N_("Wydarzenie zostało odwołane.")),
        "Treść od koordynatora",
    ]
    stored = text_store(body)

    loaded = text_load(stored)

    assert loaded[0] == Text(
        "Zwolniło się miejsce: %(title)s (%(phase)s)",
        {"title": "Szkolenie", "phase": Text("test końcowy"), "n": 3},
    )
    assert loaded[2] == "Treść od koordynatora"
    assert text_store(loaded) == stored


def test_a_lazy_label_and_plain_content_load_back_as_stored():
    assert text_load(text_store(gettext_lazy("Dieta"))) == Text("Dieta")
    assert text_load(text_store("")) == ""
