"""Spreadsheet exports that a spreadsheet program cannot turn into formulas."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """A text value a spreadsheet would read as a formula (it begins with
    = + - @, a tab or a carriage return), prefixed with an apostrophe; any
    other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeSpreadsheetExportMixin:
    """Put before Wagtail's ``SpreadsheetExportMixin`` (or a view built on it,
    such as ``IndexView`` or ``ReportView``): every exported cell, XLSX and
    CSV, goes through ``formula_safe`` after Wagtail's own preprocessing."""

    def preprocess_field_value(self, field, value, export_format):
        return formula_safe(super().preprocess_field_value(field, value, export_format))
