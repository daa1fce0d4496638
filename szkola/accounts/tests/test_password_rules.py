"""The password rules on sign-up and on changing, setting and resetting a
password: valid HTML (the list is not inside a paragraph), announced with
the password field (aria-describedby), and after a failed submit an error
summary that takes the focus and a page title that says so."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from bs4 import BeautifulSoup
from django.urls import reverse

from .factories import PASSWORD, user_create

pytestmark = pytest.mark.django_db

RULE = "co najmniej 10 znaków"


def _browser_soup(response) -> BeautifulSoup:
    # lxml closes a <p> at a <ul> as browsers do: rules wrongly put in a
    # paragraph would end up outside the element the field points to.
    return BeautifulSoup(response.content.decode(), "lxml")


def _assert_rules_described(soup, field_id: str = "id_password1") -> None:
    field = soup.find(id=field_id)
    assert field is not None and field["type"] == "password"
    described = field["aria-describedby"].split()
    help_id = f"{field_id}_helptext"
    assert help_id in described
    rules = soup.find(id=help_id)
    assert rules.name != "p"
    items = [li.get_text() for li in rules.find_all("li")]
    assert len(items) >= 2 and any(RULE in item for item in items)


def _assert_failed_submit(soup, field_id: str = "id_password1") -> None:
    assert soup.title.get_text().strip().startswith("Błędy w formularzu:")
    summary = soup.select_one("[data-error-summary]")
    assert summary["tabindex"] == "-1" and summary["role"] == "alert"
    assert summary.find("a", href=f"#{field_id}") is not None
    field = soup.find(id=field_id)
    assert f"{field_id}_error" in field["aria-describedby"].split()
    assert field["aria-invalid"] == "true"
    # The script that moves the focus to the summary is on the page.
    assert soup.find("script", src=lambda src: src and src.endswith("js/site.js"))


def _no_paragraph_holds_a_list(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")  # keeps the markup as written
    for paragraph in soup.find_all("p"):
        assert paragraph.find(["ul", "ol", "div"]) is None, paragraph


def test_signup_rules_are_a_list_described_by_the_password_field(client):
    response = client.get(reverse("account_signup"))

    _no_paragraph_holds_a_list(response.content.decode())
    _assert_rules_described(_browser_soup(response))


def test_signup_with_a_short_password_focuses_the_error_summary(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nowa@gops.example.pl", "password1": "krotkie", "password2": "x"},
    )

    soup = _browser_soup(response)
    _no_paragraph_holds_a_list(response.content.decode())
    _assert_rules_described(soup)
    _assert_failed_submit(soup)


def test_password_change_rules_and_errors(client):
    client.force_login(user_create())
    url = reverse("account_change_password")
    _assert_rules_described(_browser_soup(client.get(url)))

    response = client.post(
        url, {"oldpassword": PASSWORD, "password1": "krotkie", "password2": "krotkie"}
    )

    _no_paragraph_holds_a_list(response.content.decode())
    soup = _browser_soup(response)
    _assert_rules_described(soup)
    _assert_failed_submit(soup)


def test_password_set_rules_and_errors(client):
    user = user_create()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    url = reverse("account_set_password")
    _assert_rules_described(_browser_soup(client.get(url)))

    response = client.post(url, {"password1": "krotkie", "password2": "krotkie"})

    _no_paragraph_holds_a_list(response.content.decode())
    soup = _browser_soup(response)
    _assert_rules_described(soup)
    _assert_failed_submit(soup)


def test_password_reset_from_the_emailed_link_rules_and_errors(client):
    user = user_create()
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    page = client.get(url, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else url
    _assert_rules_described(_browser_soup(page))

    response = client.post(form_url, {"password1": "krotkie", "password2": "krotkie"})

    _no_paragraph_holds_a_list(response.content.decode())
    soup = _browser_soup(response)
    _assert_rules_described(soup)
    _assert_failed_submit(soup)
