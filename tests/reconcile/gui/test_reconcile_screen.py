"""The Reconciliation screen end to end (pytest-qt): import with errors -> the error list ->
import the valid rows; open differences shown; a payment from another counter appears after a
poll; resolve with a note; export; polling stops when hidden."""
from app.auth.actor import Actor
from app.db.clock import db_now
from app.windows.changes import ChangeHub
from app.windows.context import GuiContext
from app.windows.reconcile_screen import ReconcileScreen
from tests.reconcile.samples import local, wechat_csv
from tests.windows.conftest import settle

REF = "4200001234202611230000000042"


def open_screen(qtbot, books) -> ReconcileScreen:
    actor: Actor = books.finance
    screen = ReconcileScreen(GuiContext(books.market.db, actor, ChangeHub(), "财务室"))
    qtbot.addWidget(screen)
    screen.show()
    settle()
    return screen


def keys(screen) -> list[str]:
    return [screen.table.item(r, 0).text() for r in range(screen.table.rowCount())]


def test_import_errors_valid_rows_poll_resolve_export(qtbot, books, tmp_path):
    screen = open_screen(qtbot, books)
    assert screen.timer.isActive() and screen.table.rowCount() == 0
    now = local(books.market.db.transact(db_now, readonly=True))
    path = wechat_csv(tmp_path / "bill.csv", [
        (now, "4200001234202611230000000099", "SUCCESS", "9.90", "0.06", ""),
        (now, "4200001234202611230000000098", "SUCCESS", "abc", "0.06", "")])
    screen.import_file(str(path))
    settle()
    dialog = screen.dialog
    assert dialog is not None and "row 3, column 订单金额" in dialog.errors.toPlainText()
    dialog.valid_button.click()
    qtbot.waitUntil(lambda: "1 lines imported" in screen.message.text())
    settle()
    assert "1 lines imported" in screen.message.text()
    assert len(keys(screen)) == 1 and screen.table.item(0, 1).text() == "Missing on our side"
    paid = books.pay(42_00, REF)          # at another counter, inside the statement's day
    screen.poll()
    qtbot.waitUntil(lambda: len(keys(screen)) == 2)
    assert f"R{paid.recharge_id}" in keys(screen)
    screen.table.selectRow(keys(screen).index("L1"))
    screen.resolve_selected()
    dialog = screen.dialog
    dialog.note.setText("对方误付，已退回")
    dialog.accept()
    qtbot.waitUntil(lambda: keys(screen) == [f"R{paid.recharge_id}"])
    screen.resolved.setChecked(True)
    qtbot.waitUntil(lambda: len(keys(screen)) == 2)
    assert any(screen.table.item(r, 8).text() == "对方误付，已退回" for r in range(screen.table.rowCount()))
    for name in ("report.xlsx", "report.pdf"):
        screen.export(str(tmp_path / name))
        qtbot.waitUntil(lambda: "Report saved" in screen.message.text())
        assert (tmp_path / name).exists()
        screen.message.clear()
    screen.hide()
    assert not screen.timer.isActive()


def test_a_capped_list_says_how_many_it_shows_of_how_many(qtbot, books, tmp_path, monkeypatch):
    import app.windows.reconcile_screen as screen_module
    monkeypatch.setattr(screen_module, "SHOWN_MAX", 2)
    screen = open_screen(qtbot, books)
    assert screen.capped.isHidden()
    now = local(books.market.db.transact(db_now, readonly=True))
    screen.import_file(str(wechat_csv(tmp_path / "bill.csv", [
        (now, f"42000012342026112300000001{n:02d}", "SUCCESS", "9.90", "0.06", "") for n in range(3)])))
    qtbot.waitUntil(lambda: len(keys(screen)) == 2)
    settle()
    assert not screen.capped.isHidden()
    assert screen.capped.text() == "Showing the first 2 of 3 differences."
    assert "missing on our side 3" in screen.summary.text()
    screen.table.selectRow(0)
    screen.resolve_selected()
    screen.dialog.note.setText("对方误付，已退回")
    screen.dialog.accept()
    qtbot.waitUntil(lambda: screen.capped.isHidden())
    assert len(keys(screen)) == 2
