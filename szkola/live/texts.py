"""Interface text of a notification kept as its source string and parameters,
so that it is shown in the language of whoever reads it, not of whoever
caused it (a Polish participant approved by a coordinator who works in
English still reads Polish).

A ``Text`` is stored as JSON: ``{"s": "<Polish source string>", "p": {...}}``;
the source string is the key of the translation catalogue (mark it with
``gettext_noop`` so ``makemessages`` finds it). Parameter values are plain
values (names, titles, dates: content, shown as written) or Texts again
(interface words such as a test phase, translated too). A title or body may
also be a list of parts, joined with a space, and a plain string is content
that is never translated (a coordinator's message).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

Stored = str | dict | list


@dataclass(frozen=True)
class Text:
    source: str
    params: dict = field(default_factory=dict)


def _source_of(promise: Promise) -> str:
    # Without an active catalogue gettext returns its argument: the source
    # string of a lazily translated label (e.g. a choice's label).
    with translation.override(None):
        return str(promise)


def text_store(value) -> Stored:
    """The JSON form of a Text, a lazy translation, a list of them, or
    plain content (kept as it is)."""
    if isinstance(value, Text):
        stored: dict = {"s": value.source}
        if value.params:
            stored["p"] = {k: _param_store(v) for k, v in value.params.items()}
        return stored
    if isinstance(value, Promise):
        return {"s": _source_of(value)}
    if isinstance(value, list | tuple):
        return [text_store(part) for part in value if part]
    return str(value or "")


def text_load(stored: Stored) -> "Text | list | str":
    """What ``text_store`` stored, as a Text again (or a list of parts, or
    plain content): for a task that gets the wording as JSON arguments.
    ``text_store(text_load(stored)) == stored``."""
    if isinstance(stored, list):
        return [text_load(part) for part in stored]
    if isinstance(stored, dict):
        params = {
            key: text_load(value) if isinstance(value, dict | list) else value
            for key, value in (stored.get("p") or {}).items()
        }
        return Text(str(stored.get("s", "")), params)
    return str(stored or "")


def _param_store(value):
    if isinstance(value, Text | Promise | list | tuple):
        return text_store(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def text_render(stored: Stored) -> str:
    """The text in the active language. A translation whose placeholders do
    not fit falls back to the source string, never to an error."""
    if isinstance(stored, list):
        return " ".join(filter(None, (text_render(part) for part in stored)))
    if not isinstance(stored, dict):
        return str(stored or "")
    source = str(stored.get("s", ""))
    params = {
        key: text_render(value) if isinstance(value, dict | list) else value
        for key, value in (stored.get("p") or {}).items()
    }
    translated = translation.gettext(source)
    if not params:
        return translated
    try:
        return translated % params
    except (KeyError, TypeError, ValueError):
        logger.warning("Translation of %r does not fit its parameters", source)
        try:
            return source % params
        except (KeyError, TypeError, ValueError):
            return source


def text_render_in(stored: Stored, language: str | None) -> str:
    """The text in ``language`` (the default language when not offered)."""
    offered = {code for code, _name in settings.LANGUAGES}
    if language not in offered:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return text_render(stored)
