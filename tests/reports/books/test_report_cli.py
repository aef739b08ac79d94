"""`marketdesk report day|month` (report_cmds.add_parser on a parser like app.cli's, then run)."""
import argparse

import pytest
from openpyxl import load_workbook

from app.errors import ValidationError
from app.commands import report_cmds
from tests.reports.books.test_sections import today
from tests.reports.pdf_inspect import page_texts


def cli(db, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="marketdesk")
    report_cmds.add_parser(parser.add_subparsers(dest="command"))
    return report_cmds.run(db, parser.parse_args(list(argv)))


def test_day_as_pdf_and_month_as_xlsx(books, tmp_path, capsys):
    day = today(books)
    pdf, xlsx, csv = tmp_path / "d.pdf", tmp_path / "m.xlsx", tmp_path / "r.csv"
    assert cli(books.m.db, "report", "day", "--date", day.isoformat(), "--out", str(pdf)) == 0
    assert "787.20" in "".join(page_texts(pdf.read_bytes()))
    assert cli(books.m.db, "report", "month", "--month", f"{day:%Y-%m}", "--out", str(xlsx)) == 0
    assert "收费员长短款" in load_workbook(xlsx).sheetnames
    assert cli(books.m.db, "report", "day", "--date", day.isoformat(), "--out", str(csv), "--section", "refunds") == 0
    assert "张晓梅" in csv.read_text(encoding="utf-8-sig")
    assert "net income 787.20 yuan" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (("day", "--date", "23/11/2026", "--out", "x.pdf"), "use YYYY-MM-DD"),
    (("month", "--month", "2026-1", "--out", "x.pdf"), "use YYYY-MM"),
    (("month", "--month", "2026-13", "--out", "x.pdf"), "not a month"),
    (("day", "--out", "x.docx"), "name a .pdf, .xlsx or .csv"),
    (("day", "--out", "x.csv"), "--section"),
    (("day", "--out", "x.pdf", "--section", "voids"), "--section"),
    (("day", "--out", "x.csv", "--section", "nonsense"), "no section"),
])
def test_mistakes_are_named(market, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError, match=message):
        cli(market.db, "report", *argv)
    assert not any(p.suffix in (".pdf", ".csv", ".xlsx", ".docx") for p in tmp_path.iterdir())
