"""The CSV cell guard: a spreadsheet never runs a cell of ours as a formula."""

import pytest

from cocreation.lib.spreadsheets import FORMULA_STARTS, csv_cell, csv_cell_unquoted


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_gets_a_quote_and_comes_back_on_import(start):
    text = f"{start}HYPERLINK(1)"
    assert csv_cell(text) == "'" + text
    assert csv_cell(text, keep_signed_numbers=True) == "'" + text
    assert csv_cell_unquoted(csv_cell(text)) == text


def test_the_formula_starts_are_the_six_spreadsheets_run():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "+1"),
        ("-1", "-1"),
        ("-12.5%", "-12.5%"),
        ("+1+1", "'+1+1"),
        ("-1,0)", "'-1,0)"),
        ("-A1", "'-A1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("15", "15"),
        ("", ""),
    ],
)
def test_a_report_keeps_signed_numbers_as_numbers(value, shown):
    assert csv_cell(value, keep_signed_numbers=True) == shown


def test_otherwise_signed_text_stays_text():
    assert csv_cell("+447700900123") == "'+447700900123"
    assert csv_cell("-1") == "'-1"


@pytest.mark.parametrize(("value", "shown"), [(None, ""), (-3, "-3"), (1.5, "1.5"), (42, "42")])
def test_none_is_empty_and_numbers_are_written_as_they_are(value, shown):
    assert csv_cell(value) == shown


@pytest.mark.parametrize("cell", ["'quoted by a person", "plain", "", "'"])
def test_a_quote_not_before_a_formula_start_is_kept(cell):
    assert csv_cell_unquoted(cell) == cell
