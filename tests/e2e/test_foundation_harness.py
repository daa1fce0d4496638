"""The harness itself: the accessibility check finds what it should."""

import pytest

pytestmark = pytest.mark.e2e

PAGE_WITH_VIOLATION = """<!DOCTYPE html>
<html lang="pl"><head><title>Próba</title></head>
<body><main><h1>Próba</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>"""

CLEAN_PAGE = """<!DOCTYPE html>
<html lang="pl"><head><title>Próba</title></head>
<body><main><h1>Próba</h1><p>Treść.</p></main></body></html>"""


def test_axe_passes_a_clean_page(page, axe):
    page.set_content(CLEAN_PAGE)
    result = axe(page)
    assert result["violations"] == []
    assert result["testEngine"]["version"].startswith("4.")


def test_axe_fails_listing_rule_and_target(page, axe):
    page.set_content(PAGE_WITH_VIOLATION)
    with pytest.raises(pytest.fail.Exception) as failure:
        axe(page)
    message = str(failure.value)
    assert "image-alt" in message
    assert "img" in message


def test_axe_uses_the_vendored_engine_even_if_the_page_has_its_own(page, axe):
    # Wagtail's admin defines window.axe; a lenient one must not hide problems.
    page.set_content(PAGE_WITH_VIOLATION)
    page.evaluate("() => { window.axe = {run: async () => ({violations: []})}; }")
    with pytest.raises(pytest.fail.Exception) as failure:
        axe(page)
    assert "image-alt" in str(failure.value)
