"""The report as PDF, XLSX and CSV: titles, amounts, numbers as numbers, formula-like text made
inert; progress per section; a cancel leaves no file, not even half of one."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.reports.books import Cancelled, day_report, write_csv, write_pdf, write_xlsx
from app.reports.books.tables import report_tables
from tests.reports.books.test_sections import today
from tests.reports.pdf_inspect import page_texts


@pytest.fixture
def report(books):
    return day_report(books.m.db, books.finance, today(books))


@pytest.fixture
def out(tmp_path):
    """A folder of its own (tmp_path also holds the test database)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_pdf_has_titles_amounts_and_charts(report, out):
    path = write_pdf(report, out / "day.pdf")
    text = "\n".join(page_texts(path.read_bytes())).replace(" ", "")
    for title in [t.title for t in report_tables(report)] + ["日收费报表", report.market_name, "赵财务"]:
        assert title.replace(" ", "") in text, title
    for amount in ("1357.20", "787.20", "450.00", "120.00", "1192.80", "5.00", "1000.00", "按类别净收入"):
        assert amount in text, amount
    assert report.period_text() in text
    assert [p.name for p in out.iterdir()] == ["day.pdf"]


def test_xlsx_sheets_numbers_and_neutralised_text(report, out):
    path = write_xlsx(report, out / "day.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["汇总"] + [t.title for t in report_tables(report)]
    sheet = book["按品种收入"]
    assert [c.value for c in sheet[1]] == ["品种", "票数", "作废", "净重(吨)", "收费(元)", "退费(元)", "作废金额(元)",
                                           "净收入(元)"]
    cabbage = [c for c in sheet[3]]      # 土豆 first (larger net), then 大白菜
    assert [c.value for c in cabbage] == ["大白菜", 2, 1, 20.48, 757.2, 0, 450, 307.2]
    assert cabbage[4].number_format == "0.00" and cabbage[3].number_format == "0.000"
    assert [c.value for c in sheet[4]][0] == "合计" and Decimal(str(sheet[4][7].value)) == Decimal("787.2")
    voids = book["作废"]
    assert voids[2][4].value == "'=称错车"          # a reason typed as a formula stays text
    assert voids[2][6].value == 450 and voids[2][6].number_format == "0.00"


def test_csv_of_a_section_is_neutralised(report, out):
    path = write_csv(report, "voids", out / "voids.csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0][4] == "原因" and rows[1][4] == "'=称错车" and rows[1][6] == "450.00"
    assert rows[-1][0] == "合计"
    with pytest.raises(ValueError, match="no section"):
        write_csv(report, "nonsense", out / "x.csv")


def test_progress_per_section_and_cancel_between_sections(books):
    seen = []
    day_report(books.m.db, books.finance, today(books), progress=lambda d, t, w: seen.append((d, t)))
    assert seen == [(i, 6) for i in range(7)]
    calls = []

    def cancel_after_two():
        calls.append(1)
        return len(calls) > 2
    with pytest.raises(Cancelled):
        day_report(books.m.db, books.finance, today(books), cancel=cancel_after_two)
    assert len(calls) == 3


@pytest.mark.parametrize("writer", [write_pdf, write_xlsx])
def test_cancelled_file_leaves_nothing(report, out, writer):
    target = out / "out.bin"
    target.write_bytes(b"older")
    with pytest.raises(Cancelled):
        writer(report, target, cancel=lambda: True)
    assert [p.name for p in out.iterdir()] == ["out.bin"] and target.read_bytes() == b"older"


def test_unwritable_place_is_a_clear_error(report, out):
    from app.errors import UserError
    with pytest.raises(UserError, match="cannot write"):
        write_xlsx(report, out / "missing" / "day.xlsx")
