"""Exported text cannot become a formula in a spreadsheet."""
import pytest

from app.reports.cells import neutralise, neutralise_row


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-5", "@SUM(A1)", "\t=x", "\r=x"])
def test_formula_like_text_is_made_inert(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["鲁A12345", "", "a=b", 5, -5, 1.5, None])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_row():
    assert neutralise_row(["=cmd", 3, "ok"]) == ["'=cmd", 3, "ok"]
