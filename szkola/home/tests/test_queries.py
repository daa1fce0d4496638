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


# Site, the page's route (page, aliases, view restrictions), the menu
# sections: site settings come from the cache.
HOME_PAGE_MAX_QUERIES = 7


def test_home_page_anonymous_query_bound(client, django_assert_max_num_queries):
    standard_page(title="W menu", lead="Opis.", show_in_menus=True)
    client.get("/")  # warm caches (site root paths, settings)

    with django_assert_max_num_queries(HOME_PAGE_MAX_QUERIES):
        assert client.get("/").status_code == 200


def test_site_settings_come_from_the_cache_and_a_save_renews_them(client):
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert not any("home_sitesettings" in q["sql"] for q in captured)

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "kontakt@przyklad.pl"
    site_settings.save()

    assert "kontakt@przyklad.pl" in client.get("/").content.decode()
