"""The print queue panel: a failed job opens it (without taking the keyboard from the desk);
Retry, Other printer and Skip act once each; Reprint needs voucher.reprint or a supervisor."""
import pytest
from PySide6.QtCore import Qt

from app.printing import queue, service
from app.windows.main_window import MainWindow
from app.windows.override import OverrideDialog
from app.windows.print_job_dialogs import OtherPrinterDialog, SkipJobDialog
from app.windows.print_queue_panel import COLUMNS, PrintQueuePanel
from tests.windows.conftest import COUNTER, PASSWORD, make_user, settle, show_active
from tests.windows.print_fixtures import (WAIT_MS, enqueue_voucher, fake_printer, job, network,  # noqa: F401
                                          printing_ctx, queued, save_printers, texts)


@pytest.fixture
def no_automatic_retry(monkeypatch):
    """The first failure waits for the cashier, as the fifth does in the program: the test
    decides when the job is sent again, not the backoff."""
    monkeypatch.setattr(queue, "AUTO_ATTEMPTS_MAX", 1)


def cell(panel: PrintQueuePanel, job_id: int, column: str) -> str:
    for row in range(panel.table.rowCount()):
        item = panel.table.item(row, 0)
        if item.data(Qt.ItemDataRole.UserRole) == job_id:
            return panel.table.item(row, COLUMNS.index(column)).text()
    raise AssertionError(f"job {job_id} is not listed")


def failed_in_panel(qtbot, db, ctx, fake) -> tuple[MainWindow, PrintQueuePanel, int]:
    """A voucher for a printer that refuses connections, and the panel it opens."""
    fake.refuse = True
    window = MainWindow(ctx)
    show_active(qtbot, window)
    job_id = enqueue_voucher(db)
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: window.print_queue is not None and window.print_queue.isVisible(),
                    timeout=WAIT_MS)
    panel = window.print_queue
    qtbot.waitUntil(lambda: panel.selected_job() is not None and panel.selected_job().id == job_id,
                    timeout=WAIT_MS)
    return window, panel, job_id


def test_a_failed_job_opens_the_panel_without_taking_the_keyboard(
        qtbot, db, fake_printer, printing_ctx, no_automatic_retry):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window, panel, job_id = failed_in_panel(qtbot, db, ctx, fake)
    # Shown without activation: window systems that honour it leave the keyboard in the desk.
    # (Qt's offscreen test platform activates every window it shows, so the attribute is what
    # can be checked here.)
    assert panel.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert panel.windowFlags() & Qt.WindowType.Tool
    assert cell(panel, job_id, "state") == "Failed"
    assert cell(panel, job_id, "document") == "Entry voucher"
    assert cell(panel, job_id, "number") == "E2611230042"
    assert cell(panel, job_id, "attempts") == "1"
    assert cell(panel, job_id, "printer") == "Receipt printer"
    assert "refused" in cell(panel, job_id, "reason")
    assert panel.retry_button.isEnabled() and panel.skip_button.isEnabled()
    assert not panel.reprint_button.isVisible()  # a cashier may not reprint alone


def test_retry_after_the_printer_is_back_prints_once(qtbot, db, fake_printer, printing_ctx, no_automatic_retry):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window, panel, job_id = failed_in_panel(qtbot, db, ctx, fake)
    fake.refuse = False
    panel.retry_button.click()
    panel.retry_button.click()  # a double click: the second press finds the button disabled
    panel.retry()               # and the shortcut too
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cell(panel, job_id, "state") == "Printed", timeout=WAIT_MS)
    settle()
    assert len(fake.jobs) == 1 and "进场缴费凭证" in texts(fake)[0]
    assert job(db, job_id).attempts == 1
    assert panel.message.text() == "Sent to the printer again."
    qtbot.waitUntil(lambda: window.status.devices.printer.text() == "Printer: Ready", timeout=WAIT_MS)


def test_retry_is_offered_by_keyboard(qtbot, db, fake_printer, printing_ctx, no_automatic_retry):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window, panel, job_id = failed_in_panel(qtbot, db, ctx, fake)
    window.show_print_queue()  # the cashier opens it (F12): now it takes the keyboard
    qtbot.waitUntil(panel.isActiveWindow)
    fake.refuse = False
    qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    assert panel.retry_button.text() == "Retry (Ctrl+R)"


def test_skip_asks_why_and_the_job_ends_skipped(qtbot, db, fake_printer, printing_ctx, no_automatic_retry):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window, panel, job_id = failed_in_panel(qtbot, db, ctx, fake)
    panel.skip_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SkipJobDialog)
    dialog.accept()
    assert dialog.error_label.text() == "Please check the input.\nSay why the document is not printed."
    dialog.reason.setText("司机已离开")
    with qtbot.waitSignal(dialog.succeeded, timeout=WAIT_MS):
        dialog.accept()
    assert job(db, job_id).state == "skipped"
    qtbot.waitUntil(lambda: cell(panel, job_id, "state") == "Skipped", timeout=WAIT_MS)
    assert not panel.skip_button.isEnabled()
    qtbot.waitUntil(lambda: window.status.devices.printer.text() != "Printer: 1 failed", timeout=WAIT_MS)
    assert fake.jobs == []


def test_other_printer_sends_the_job_there(qtbot, db, fake_printer, printing_ctx, no_automatic_retry):
    broken, backup = fake_printer(), fake_printer()
    save_printers(network(broken), network(backup, name="backup"))
    ctx = printing_ctx("cashier")
    window, panel, job_id = failed_in_panel(qtbot, db, ctx, broken)
    panel.other_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, OtherPrinterDialog), timeout=WAIT_MS)
    dialog = panel.dialog
    assert [dialog.printer.itemText(i) for i in range(dialog.printer.count())] == ["backup"]
    dialog.accept()
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    assert job(db, job_id).printer == "backup"
    assert len(backup.jobs) == 1 and broken.jobs == []
    qtbot.waitUntil(lambda: cell(panel, job_id, "printer") == "backup", timeout=WAIT_MS)


def test_other_printer_needs_another_printer(qtbot, db, fake_printer, printing_ctx, no_automatic_retry):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window, panel, job_id = failed_in_panel(qtbot, db, ctx, fake)
    panel.other_printer()
    qtbot.waitUntil(lambda: panel.message.text().startswith("No other printer"), timeout=WAIT_MS)
    assert panel.dialog is None


def printed(qtbot, db, ctx, fake) -> tuple[MainWindow, PrintQueuePanel, int]:
    window = MainWindow(ctx)
    show_active(qtbot, window)
    job_id = enqueue_voucher(db)
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    window.show_print_queue(job_id)
    panel = window.print_queue
    qtbot.waitUntil(lambda: panel.selected_job() is not None and panel.selected_job().state == "done",
                    timeout=WAIT_MS)
    return window, panel, job_id


def reprints(db) -> list[queue.Job]:
    return [j for j in service.queue_panel(db, COUNTER) if j.reprint_no]


def test_reprint_of_a_printed_voucher(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("manager")  # voucher.reprint, but not device.manage
    window, panel, job_id = printed(qtbot, db, ctx, fake)
    assert panel.reprint_button.isVisible() and not panel.supervisor_button.isVisible()
    panel.reprint_button.click()
    panel.reprint_button.click()  # a double click reprints once
    qtbot.waitUntil(lambda: len(fake.jobs) == 2, timeout=WAIT_MS)
    [copy] = reprints(db)
    assert (copy.reprint_no, copy.reprint_of) == (1, job_id)
    assert "重打" in texts(fake)[1]
    qtbot.waitUntil(lambda: cell(panel, copy.id, "number") == "E2611230042 (reprint 1)", timeout=WAIT_MS)
    settle()
    assert len(fake.jobs) == 2


def test_a_cashier_reprints_only_with_a_supervisor(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer()
    save_printers(network(fake))
    make_user(db, "zhao_jingli", "manager")
    ctx = printing_ctx("cashier")
    window, panel, job_id = printed(qtbot, db, ctx, fake)
    assert not panel.reprint_button.isVisible() and panel.supervisor_button.isVisible()
    assert panel.supervisor_button.text() == "Reprint with a supervisor… (Ctrl+P)"
    panel.supervisor_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, OverrideDialog)
    dialog.username.setText("zhao_jingli")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: len(fake.jobs) == 2, timeout=WAIT_MS)
    [copy] = reprints(db)
    assert copy.reprint_no == 1 and copy.created_by == ctx.actor.username


def test_a_test_page_is_not_reprinted(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer()
    save_printers(network(fake))
    ctx = printing_ctx("admin")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    job_id = service.print_test_page(db, ctx.actor, "receipt").id
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    window.show_print_queue(job_id)
    panel = window.print_queue
    qtbot.waitUntil(lambda: panel.selected_job() is not None and panel.selected_job().state == "done",
                    timeout=WAIT_MS)
    assert cell(panel, job_id, "document") == "Test page"
    assert not panel.reprint_button.isEnabled()


def test_retrying_jobs_count_down(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer()
    fake.refuse = True
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    job_id = enqueue_voucher(db)
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: window.print_queue is not None and window.print_queue.isVisible(),
                    timeout=WAIT_MS)
    panel = window.print_queue
    qtbot.waitUntil(lambda: cell(panel, job_id, "state").startswith("Failed, retrying"), timeout=WAIT_MS)


def test_a_job_cut_off_mid_print_waits_and_its_retry_is_marked(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer()
    fake.drop_after_bytes = 60  # the connection dies while the voucher is going out
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    job_id = enqueue_voucher(db)
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: window.print_queue is not None and window.print_queue.isVisible(),
                    timeout=WAIT_MS)
    panel = window.print_queue
    # It may have printed: never resent by itself, the cashier looks at the paper first.
    qtbot.waitUntil(lambda: cell(panel, job_id, "state") == "Failed, may have printed", timeout=WAIT_MS)
    assert job(db, job_id).needs_attention and fake.jobs == []
    panel.retry_button.click()
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    assert len(fake.jobs) == 1 and "重打" in texts(fake)[0]
