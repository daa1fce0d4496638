"""In the English interface, Polish written by editors is marked lang="pl"
(WCAG 2.1, 3.1.2) wherever it appears: headings and bodies, and also inside
interface wording (breadcrumbs, cards, programme rows, course outlines)."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation

from courses.tests.factories import course_create
from courses.tests.factories import index_create as course_index_create
from events.tests.factories import event_create, index_create

pytestmark = pytest.mark.django_db


def _soup(client, url: str, language: str | None) -> BeautifulSoup:
    from django.conf import settings

    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def _marked_polish(element) -> bool:
    """The text's element or an ancestor says lang="pl" (below the html
    element)."""
    element = element.parent
    while element is not None and element.name != "html":
        if element.get("lang") == "pl":
            return True
        element = element.parent
    return False


def _texts(soup, text: str) -> list:
    # The <title> holds no markup and takes the page's language: not checked.
    found = soup.body.find_all(string=lambda s: s and text in s)
    assert found, f"{text!r} is not on the page"
    return found


def test_event_pages_mark_editor_text_in_the_english_interface(client):
    index = index_create(title="Szkolenia regionalne")
    event = event_create(parent=index, title="Mediacje w gminie")

    for url in (event.url, index.url):
        soup = _soup(client, url, "en")
        assert soup.html["lang"] == "en"
        for text in ("Mediacje w gminie", "Szkolenia regionalne"):
            if url == index.url and text == "Szkolenia regionalne":
                continue
            assert all(_marked_polish(t) for t in _texts(soup, text)), (url, text)
    page = _soup(client, event.url, "en")
    assert all(_marked_polish(t) for t in _texts(page, "Moduł 1: diagnoza"))
    assert all(_marked_polish(t) for t in _texts(page, "Szkolenia regionalne"))


def test_course_index_and_outline_mark_editor_text(client):
    index = course_index_create()
    course = course_create(index=index, title="Kooperacja instytucji")

    listing = _soup(client, index.url, "en")
    outline = _soup(client, course.url, "en")

    assert all(_marked_polish(t) for t in _texts(listing, "Kooperacja instytucji"))
    assert all(_marked_polish(t) for t in _texts(outline, "Kooperacja instytucji"))
    assert all(_marked_polish(t) for t in _texts(outline, "Lekcja 1.1"))
    assert all(_marked_polish(t) for t in _texts(outline, "Kurs o współpracy"))


def test_funding_statement_is_marked_polish_on_every_page(client):
    soup = _soup(client, index_create().url, "en")

    statement = soup.select_one(".funding-bar__text")
    assert statement is not None and statement["lang"] == "pl"


def test_polish_interface_adds_no_lang_marks(client):
    event = event_create(title="Mediacje w gminie")

    soup = _soup(client, event.url, None)

    assert soup.html["lang"] == "pl"
    assert not soup.select('body [lang="pl"]')


def test_filter_escapes_and_only_marks_outside_polish():
    template = Template("{% load site_tags %}{{ title|pl_content }}")
    context = Context({"title": "Dom & <rodzina>"})

    with translation.override("en"):
        english = template.render(context)
    with translation.override("pl"):
        polish = template.render(context)

    assert english == '<span lang="pl">Dom &amp; &lt;rodzina&gt;</span>'
    assert polish == "Dom &amp; &lt;rodzina&gt;"
