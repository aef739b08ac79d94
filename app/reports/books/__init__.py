"""Finance reports: income by commodity, category, counter, cashier and method; refunds, voids,
recharges, account balances, over/short; as data, PDF, XLSX and CSV."""
from app.reports.books.build import build_period_report, day_report, month_report
from app.reports.books.model import Cancelled, PeriodReport
from app.reports.books.pdf_report import write_pdf
from app.reports.books.sheets import write_csv, write_xlsx

__all__ = ["Cancelled", "PeriodReport", "build_period_report", "day_report", "month_report", "write_csv",
           "write_pdf", "write_xlsx"]
