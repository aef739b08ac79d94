"""The report as an A4 PDF: the market's name, the period, who made it and when, the totals,
two charts, then every section as a table."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from app.reports.books.charts import income_bars, method_pie
from app.reports.books.files import write_atomic
from app.reports.books.model import Cancelled, PeriodReport
from app.reports.books.tables import TEXT, cell_text, report_tables, summary_pairs
from app.reports.pdf import PdfDocument


def report_document(report: PeriodReport) -> PdfDocument:
    title = "日收费报表" if report.is_one_day else "期间收费报表"
    doc = PdfDocument(title, printed_at=report.generated_at, market_name=report.market_name,
                      subtitle=f"{report.market_name}　{report.period_text()}",
                      footer=f"{report.generated_by} 生成")
    doc.key_values(summary_pairs(report), columns=3)
    width = doc.frame_width
    doc.drawing(lambda: income_bars(report.by_category, "按类别净收入（元）", width))
    doc.drawing(lambda: method_pie(report.by_method, "按支付方式收费", width))
    for table in report_tables(report):
        doc.heading(table.title)
        if table.note:
            doc.paragraph(table.note)
        kinds = [c.kind for c in table.columns]
        doc.table([c.title for c in table.columns],
                  [[cell_text(v, k) for v, k in zip(row, kinds)] for row in table.rows],
                  align=["left" if k == TEXT else "right" for k in kinds],
                  totals=[cell_text(v, k) for v, k in zip(table.totals, kinds)] if table.totals else None)
    return doc


def pdf_bytes(report: PeriodReport, *, cancel: Callable[[], bool] | None = None,
              on_page: Callable[[int], None] | None = None) -> bytes:
    def page_done(number: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled("report file cancelled")
        if on_page is not None:
            on_page(number)
    return report_document(report).build(on_page=page_done)


def write_pdf(report: PeriodReport, path: str | os.PathLike, *, cancel: Callable[[], bool] | None = None,
              on_page: Callable[[int], None] | None = None) -> Path:
    """Lay out first, then write: a cancel or a failure leaves no file behind."""
    data = pdf_bytes(report, cancel=cancel, on_page=on_page)
    return write_atomic(path, lambda out: out.write(data))
