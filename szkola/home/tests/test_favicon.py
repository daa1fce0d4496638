"""Browsers ask for /favicon.ico whatever the page links."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_points_at_an_icon_that_exists(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")
    path = finders.find("img/favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as icon:
        assert "<svg" in icon.read(500)


def test_favicon_answers_without_a_database_or_a_session(client):
    # No django_db mark: a database query here would raise.
    response = client.head("/favicon.ico")

    assert response.status_code == 301
    assert "Set-Cookie" not in response
