import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from szkola.home.tests.factories import standard_page

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> int:
    client.get(path)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_home_page_queries_do_not_grow_with_menu_sections(client):
    standard_page(title="Pierwsza", lead="Opis.", show_in_menus=True)
    few = queries_for(client, "/")

    for n in range(5):
        standard_page(title=f"Sekcja {n}", lead="Opis.", show_in_menus=True)
    many = queries_for(client, "/")

    assert many == few


def test_nested_page_queries_do_not_grow_with_siblings(client):
    parent = standard_page(title="Rodzic")
    standard_page(parent=parent, title="Dziecko")
    few = queries_for(client, "/rodzic/dziecko/")

    for n in range(5):
        standard_page(parent=parent, title=f"Rodzeństwo {n}")
    many = queries_for(client, "/rodzic/dziecko/")

    assert many == few


def test_home_page_lists_only_menu_sections(client):
    standard_page(title="W menu", lead="Opis.", show_in_menus=True)
    standard_page(title="Poza menu", lead="Opis.")

    content = client.get("/").content.decode()

    assert "W menu" in content
    assert "Poza menu" not in content
