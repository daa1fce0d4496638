from unittest import mock

import pytest
from bs4 import BeautifulSoup
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.models import Embed

from szkola.home.blocks import CalloutBlock, HeadingBlock, SharedStreamBlock
from szkola.home.templatetags.site_tags import iframe_with_title

pytestmark = pytest.mark.django_db


def render(block, value) -> BeautifulSoup:
    return BeautifulSoup(block.render(block.to_python(value)), "html.parser")


@pytest.mark.parametrize("level", ["h2", "h3", "h4"])
def test_heading_renders_the_chosen_level(level):
    html = render(HeadingBlock(), {"text": "Cel projektu", "level": level})

    assert html.find(level).get_text() == "Cel projektu"


@pytest.mark.parametrize(
    ("kind", "label"),
    [("info", "Informacja"), ("tip", "Wskazówka"), ("warning", "Uwaga")],
)
def test_callout_names_its_kind_in_text(kind, label):
    html = render(
        CalloutBlock(), {"kind": kind, "title": "Tytuł", "text": "<p>Treść</p>"}
    )

    assert html.select_one(".callout__kind").get_text(strip=True).startswith(label)
    assert html.select_one("[role=note]") is not None


def test_iframe_gets_the_material_title():
    html = iframe_with_title('<iframe src="https://x.test/v"></iframe>', 'Film "A"')

    assert html == '<iframe title="Film &quot;A&quot;" src="https://x.test/v"></iframe>'


def test_iframe_keeps_its_own_title():
    original = '<iframe title="Własny" src="https://x.test/v"></iframe>'

    assert iframe_with_title(original, "Inny") == original


def test_embed_block_renders_titled_iframe_without_inline_style():
    embed = Embed(
        url="https://video.test/1",
        html='<iframe width="480" height="270" src="https://video.test/e/1"></iframe>',
        type="video",
    )
    stream = SharedStreamBlock()
    value = stream.to_python(
        [
            {
                "type": "embed",
                "value": {"embed": "https://video.test/1", "title": "Nagranie"},
            }
        ]
    )

    with mock.patch("wagtail.embeds.embeds.get_embed", return_value=embed):
        html = BeautifulSoup(stream.render(value), "html.parser")

    assert html.find("iframe")["title"] == "Nagranie"
    assert html.select("[style]") == []


def test_embed_block_links_to_material_that_cannot_be_embedded():
    stream = SharedStreamBlock()
    value = stream.to_python(
        [
            {
                "type": "embed",
                "value": {"embed": "https://video.test/2", "title": "Nagranie"},
            }
        ]
    )

    with mock.patch(
        "wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException
    ):
        html = BeautifulSoup(stream.render(value), "html.parser")

    link = html.select_one(".block-embed__frame a")
    assert link["href"] == "https://video.test/2"
    assert link.get_text() == "Nagranie"
