"""The reconciliation report: XLSX with inert text cells, PDF with every kind of difference."""
from datetime import datetime

from openpyxl import load_workbook

from app.reconcile.report import export_pdf, export_xlsx
from app.reconcile.resolve import resolve
from app.reconcile.service import import_statement
from tests.reconcile.samples import bank_csv
from tests.reports.pdf_inspect import page_texts


def test_exports(books, tmp_path):
    paid = books.pay(77_00, "HX00000077", method="bank_transfer")
    assert paid.recharge_id
    path = bank_csv(tmp_path / "bank.csv", [("2026-11-23 10:00:00", "=cmd", "12.00", "0.50")],
                    header=("date", "order_no", "amount", "fee"))
    path.write_text(path.read_text(encoding="utf-8").replace("order_no", "reference").replace("=cmd", "CMD0001"),
                    encoding="utf-8")
    import_statement(books.market.db, books.finance, path, channel="bank_transfer")
    resolve(books.market.db, books.finance, f"R{paid.recharge_id}", "=cmd|' /C calc'!A0")
    xlsx = export_xlsx(books.market.db, books.finance, tmp_path / "report.xlsx")
    book = load_workbook(xlsx)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "CMD0001" in cells and "'=cmd|' /C calc'!A0" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    statements = [row for row in book["对账单"].iter_rows(values_only=True)]
    assert statements[0][0] == "对账单" and len(statements) == 2
    pdf = export_pdf(books.market.db, books.finance, tmp_path / "report.pdf", printed_at=datetime(2026, 11, 24, 9),
                     market_name="寿光批发市场")
    text = "\n".join(page_texts(pdf.read_bytes()))
    for expected in ("渠道对账报告", "我方缺失", "渠道缺失", "金额不符", "CMD0001", "12.00", "手续费", "0.50"):
        assert expected in text
