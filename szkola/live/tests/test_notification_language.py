"""A notification is shown in the language of whoever reads it, not of whoever
caused it: its wording is stored as source strings and parameters and
rendered when read (page, feed, live push)."""

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop as N_

from szkola.live.models import Notification
from szkola.live.services import notify
from szkola.live.texts import Text, text_render

from .factories import notification_create, user_create
from .test_consumers import connected, run, session_headers

TITLE_PL = "Masz nowe zaświadczenie: Mediacje rodzinne"
TITLE_EN = "You have a new certificate: Mediacje rodzinne"
BODY_PL = "Numer SK/2026/7. Pobierz je na stronie Moje zaświadczenia."
BODY_EN = "Number SK/2026/7. Download it from the My certificates page."


def _notify_in(language: str, user) -> Notification:
    """What a service does while the person who caused it works in
    ``language``."""
    with translation.override(language):
        return notify(
            user,
            title=Text(
                N_("Masz nowe zaświadczenie: %(title)s"),
                {"title": "Mediacje rodzinne"},
            ),
            body=Text(
                N_("Numer %(number)s. Pobierz je na stronie Moje zaświadczenia."),
                {"number": "SK/2026/7"},
            ),
            url="/moje/certyfikaty/",
        )


def _read(client, user, language: str | None) -> tuple[str, dict]:
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("live:notifications"))
    feed = client.get(reverse("live:feed"))
    assert page.status_code == feed.status_code == 200
    return page.content.decode(), feed.json()["notifications"][0]


@pytest.mark.django_db
def test_caused_in_english_is_read_in_polish(client, compiled_catalogues):
    reader = user_create()
    _notify_in("en", reader)

    html, item = _read(client, reader, None)

    assert TITLE_PL in html and BODY_PL in html
    assert TITLE_EN not in html
    assert (item["title"], item["body"]) == (TITLE_PL, BODY_PL)


@pytest.mark.django_db
def test_caused_in_polish_is_read_in_english(client, compiled_catalogues):
    reader = user_create()
    _notify_in("pl", reader)

    html, item = _read(client, reader, "en")

    assert TITLE_EN in html and BODY_EN in html
    assert TITLE_PL not in html
    assert (item["title"], item["body"]) == (TITLE_EN, BODY_EN)


@pytest.mark.django_db
def test_stored_wording_is_polish_whoever_caused_it(compiled_catalogues):
    notification = _notify_in("en", user_create())

    stored = Notification.objects.get(pk=notification.pk)

    assert (stored.title, stored.body) == (TITLE_PL, BODY_PL)


@pytest.mark.django_db
def test_rows_stored_before_are_shown_as_written(client, compiled_catalogues):
    reader = user_create()
    notification_create(user=reader, title="Stare powiadomienie", body="Treść")

    html, item = _read(client, reader, "en")

    assert "Stare powiadomienie" in html
    assert (item["title"], item["body"]) == ("Stare powiadomienie", "Treść")


@pytest.mark.django_db
def test_written_content_is_never_translated(client, compiled_catalogues):
    reader = user_create()
    with translation.override("en"):
        notify(
            reader,
            title=Text(N_("Wiadomość: %(title)s"), {"title": "Szkolenie"}),
            body="Uzasadnienie: zmiana sali",
        )

    _html, item = _read(client, reader, "en")

    assert item["title"] == "Message: Szkolenie"
    assert item["body"] == "Uzasadnienie: zmiana sali"


def test_parts_and_nested_texts_are_each_translated(compiled_catalogues):
    stored = [
        {"s": "Wiadomość: %(title)s", "p": {"title": "X"}},
        {"s": "Uzasadnienie: %(reason)s", "p": {"reason": {"s": "Wiadomość"}}},
    ]

    with translation.override("en"):
        english = text_render(stored)
    with translation.override("pl"):
        polish = text_render(stored)

    assert english.startswith("Message: X Justification: ")
    assert polish == "Wiadomość: X Uzasadnienie: Wiadomość"


def test_placeholders_that_do_not_fit_fall_back_to_the_source():
    assert text_render({"s": "Termin %(date)s", "p": {"day": 1}}) == "Termin %(date)s"


def test_live_push_is_rendered_in_the_language_of_the_open_page(
    db,
    client,
    application,
    channel_layer,
    compiled_catalogues,
    django_capture_on_commit_callbacks,
):
    english_reader, polish_reader = user_create(), user_create()
    english_headers = [
        (name, value + f"; {settings.LANGUAGE_COOKIE_NAME}=en".encode())
        if name == b"cookie"
        else (name, value)
        for name, value in session_headers(client, english_reader)
    ]
    polish_headers = session_headers(Client(), polish_reader)

    def notify_and_commit_in(language: str, user) -> None:
        # The push waits for the commit: it is sent as the service's
        # transaction would commit, still in the causer's language.
        with translation.override(language):
            with django_capture_on_commit_callbacks(execute=True):
                _notify_in(language, user)

    async def scenario():
        english = await connected(application, english_headers)
        polish = await connected(application, polish_headers)
        await english.receive_json_from(timeout=5)  # hello
        await polish.receive_json_from(timeout=5)
        # Caused by someone working in the other language each time.
        await sync_to_async(notify_and_commit_in)("pl", english_reader)
        await sync_to_async(notify_and_commit_in)("en", polish_reader)
        pushed_en = await english.receive_json_from(timeout=5)
        pushed_pl = await polish.receive_json_from(timeout=5)
        await english.disconnect()
        await polish.disconnect()
        return pushed_en["notification"], pushed_pl["notification"]

    pushed_en, pushed_pl = run(scenario)

    assert (pushed_en["title"], pushed_en["body"]) == (TITLE_EN, BODY_EN)
    assert (pushed_pl["title"], pushed_pl["body"]) == (TITLE_PL, BODY_PL)
    assert "message" not in pushed_en and "message" not in pushed_pl
