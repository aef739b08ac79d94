"""The Reports screen: run today's report in the background, see its sections, cancel a run
(nothing shown, nothing written), save the shown report as PDF and XLSX."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from openpyxl import load_workbook

from app.reports.books import queries
from app.windows.changes import ChangeHub
from app.windows.context import GuiContext
from app.windows.report_screen import MONTH, ReportScreen
from app.windows.row_table import row_texts
from tests.desk.conftest import COUNTER, market  # noqa: F401  (fixture, used by name)
from tests.reports.books.conftest import books  # noqa: F401  (fixture, used by name)
from tests.reports.pdf_inspect import page_texts
from tests.windows.conftest import show_active

WAIT_MS = 15_000


@pytest.fixture
def screen(qtbot, books):  # noqa: F811
    widget = ReportScreen(GuiContext(books.m.db, books.finance, ChangeHub(), COUNTER))
    widget.resize(1200, 700)
    show_active(qtbot, widget)
    return widget


def run(qtbot, screen, outcome="shown"):
    with qtbot.waitSignal(screen.finished, timeout=WAIT_MS) as signal:
        qtbot.mouseClick(screen.run_button, Qt.MouseButton.LeftButton)
    assert signal.args == [outcome]


def test_runs_today_and_shows_the_sections(qtbot, screen):
    assert not screen.pdf_button.isEnabled()
    run(qtbot, screen)
    grid = screen.view.grids["by_commodity"]
    assert [row_texts(grid, r)[0] for r in range(grid.rowCount())] == ["土豆", "大白菜", "合计"]
    assert row_texts(grid, 2)[-1] == "787.20"
    assert screen.view.tabs.tabText(0) == "By commodity"
    assert grid.horizontalHeaderItem(0).text() == "Commodity"
    over_short = screen.view.grids["over_short"]
    assert row_texts(over_short, 0) == ["张晓梅", "1", "0.00", "5.00", "-5.00"]
    assert "net income 787.20" in screen.view.summary.text()
    assert screen.pdf_button.isEnabled() and screen.xlsx_button.isEnabled()


def test_month_report(qtbot, screen):
    screen.kind.setCurrentIndex(MONTH)
    assert screen.when.displayFormat() == "yyyy-MM"
    run(qtbot, screen)
    assert not screen.report.is_one_day and screen.report.total.net_fen == 78720


def test_cancel_shows_nothing(qtbot, screen, monkeypatch):
    gate = threading.Event()
    real = queries.ticket_groups

    def held(*args):
        assert gate.wait(10)
        return real(*args)
    monkeypatch.setattr(queries, "ticket_groups", held)
    with qtbot.waitSignal(screen.finished, timeout=WAIT_MS) as signal:
        screen.run_report()
        assert screen.cancel_button.isEnabled() and not screen.run_button.isEnabled()
        screen.cancel()
        gate.set()
    assert signal.args == ["cancelled"] and screen.report is None
    assert "Cancelled" in screen.message.text() and screen.run_button.isEnabled()


def test_save_pdf_and_xlsx(qtbot, screen, tmp_path):
    run(qtbot, screen)
    pdf, xlsx = tmp_path / "day.pdf", tmp_path / "day.xlsx"
    for kind, path in (("pdf", pdf), ("xlsx", xlsx)):
        with qtbot.waitSignal(screen.finished, timeout=WAIT_MS) as signal:
            screen.save(kind, str(path))
        assert signal.args == ["saved"] and str(path) in screen.message.text()
    assert "按品种收入" in "".join(page_texts(pdf.read_bytes()))
    assert "按品种收入" in load_workbook(xlsx).sheetnames


def test_refused_without_report_view(qtbot, books):  # noqa: F811
    widget = ReportScreen(GuiContext(books.m.db, books.m.cashier, ChangeHub(), COUNTER))
    show_active(qtbot, widget)
    run(qtbot, widget, "failed")
    assert "View reports" in widget.message.text() and widget.report is None
