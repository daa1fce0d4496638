"""The email frame, the public address and Polish dates."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from szkola.home.dates import date_range_text, hours_text
from szkola.home.emails import email_build, subject_format
from szkola.home.links import public_host, public_url

pytestmark = pytest.mark.django_db


@override_settings(WAGTAILADMIN_BASE_URL="https://szkola.example.org/")
def test_public_url_joins_paths_on_the_configured_address():
    assert public_url("/moje/") == "https://szkola.example.org/moje/"
    assert public_url("moje/") == "https://szkola.example.org/moje/"
    assert public_host() == "szkola.example.org"


def test_subject_gets_the_prefix_once_and_one_line():
    assert subject_format("Ala\nma kota") == "[Szkoła Kooperacji] Ala ma kota"
    assert subject_format("[Szkoła Kooperacji] Już") == "[Szkoła Kooperacji] Już"


@override_settings(WAGTAILADMIN_BASE_URL="https://szkola.example.org")
def test_a_text_only_template_still_gets_an_html_part_in_the_frame(tmp_path):
    message = email_build(
        to="a@example.org",
        subject="Próba",
        template="account/email/password_changed_message",
        context={"ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": "teraz"},
    )

    assert message.subject == "[Szkoła Kooperacji] Próba"
    assert message.to == ["a@example.org"]
    assert "zmieniono hasło." in message.body
    assert message.body.count("Pozdrawiamy") == 1
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "zmieniono hasło." in html
    # The signature is in the HTML frame once, not copied from the text.
    assert html.count("Pozdrawiamy") == 1
    assert '<html lang="pl">' in html


def test_email_is_polish_even_when_built_during_an_english_request():
    with translation.override("en"):
        message = email_build(
            to="a@example.org",
            subject="Próba",
            template="account/email/password_changed_message",
            context={},
        )

    assert message.body.startswith("Dzień dobry,")
    assert '<html lang="pl">' in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2026, 10, 30), (2026, 10, 31), "30–31 października 2026"),
        ((2026, 10, 30), None, "30 października 2026"),
        ((2026, 10, 30), (2026, 10, 30), "30 października 2026"),
        ((2026, 10, 30), (2026, 11, 2), "30 października – 2 listopada 2026"),
        ((2026, 12, 30), (2027, 1, 2), "30 grudnia 2026 – 2 stycznia 2027"),
    ],
)
def test_date_ranges_as_poles_write_them(start, end, expected):
    with translation.override("pl"):
        assert (
            date_range_text(datetime.date(*start), datetime.date(*end) if end else None)
            == expected
        )


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(Decimal("6.0"), "6 godz."), (Decimal("6.5"), "6,5 godz."), (16, "16 godz.")],
)
def test_hours_without_a_trailing_zero(hours, expected):
    with translation.override("pl"):
        assert hours_text(hours) == expected


def test_days_with_different_hours_are_listed_one_by_one():
    from types import SimpleNamespace

    from szkola.home.dates import days_text

    days = [
        SimpleNamespace(
            date=datetime.date(2026, 10, 30),
            start=datetime.time(9, 0),
            end=datetime.time(16, 0),
        ),
        SimpleNamespace(
            date=datetime.date(2026, 10, 31),
            start=datetime.time(9, 0),
            end=datetime.time(13, 30),
        ),
    ]

    with translation.override("pl"):
        assert days_text(days) == (
            "30 października 2026, 9:00–16:00; 31 października 2026, 9:00–13:30"
        )
        assert days_text(days[:1]) == "30 października 2026, 9:00–16:00"


def test_template_filters_use_the_one_helper():
    from django.template import Context, Template

    template = Template("{% load site_tags %}{{ a|date_range:b }} | {{ h|hours }}")
    with translation.override("pl"):
        text = template.render(
            Context(
                {
                    "a": datetime.date(2026, 10, 30),
                    "b": datetime.date(2026, 10, 31),
                    "h": Decimal("6.0"),
                }
            )
        )

    assert text == "30–31 października 2026 | 6 godz."
