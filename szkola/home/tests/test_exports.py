import datetime

import pytest

from szkola.home.exports import FormulaSafeSpreadsheetExportMixin, formula_safe


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+48 600", "-2", "@SUMA(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'],
)
def test_text_a_spreadsheet_would_run_is_neutralised(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["GOPS Zagórz", "", 5, -5, 1.5, None, datetime.date(2021, 1, 4), "a=b"]
)
def test_other_values_are_kept(value):
    assert formula_safe(value) == value


def test_mixin_applies_after_wagtails_preprocessing():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    class View(FormulaSafeSpreadsheetExportMixin, SpreadsheetExportMixin):
        list_export = ["name"]

    view = View()
    assert view.preprocess_field_value("name", "=2*3", "csv") == "'=2*3"
    assert view.preprocess_field_value("name", ["-a", "b"], "xlsx") == "'-a, b"
    assert view.preprocess_field_value("name", 7, "xlsx") == 7
