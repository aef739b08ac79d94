"""The counter's print station: its worker prints queued vouchers on the printer saved in the
settings (read at each job), its state shows in the status bar, a broken settings file is
reported instead of stopping it, and it stops when the cashier logs out."""
import threading

from app import config
from app.windows.controller import AppController
from app.windows.main_window import MainWindow
from app.windows.print_station import PrintStation
from app.windows.printer_indicator import AMBER, GREEN, RED
from tests.windows.conftest import PASSWORD, make_ctx, make_user, show_active
from tests.windows.print_fixtures import (WAIT_MS, enqueue_voucher, fake_printer, job, network,  # noqa: F401
                                          printing_ctx, queued, save_printers, texts, worker_threads)
from tests.windows.test_startup import log_in, start  # noqa: F401  (fixture)


def test_a_queued_voucher_is_printed_and_the_indicator_says_ready(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer("ok")
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    indicator = window.status.devices.printer
    assert indicator.text() == "Printer: idle"
    job_id = enqueue_voucher(db)
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    assert len(fake.jobs) == 1 and "进场缴费凭证" in texts(fake)[0]
    qtbot.waitUntil(lambda: indicator.text() == "Printer: Ready", timeout=WAIT_MS)
    assert indicator.color == GREEN


def test_paper_low_is_amber(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer("near_end")
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    queued(ctx, enqueue_voucher(db))
    indicator = window.status.devices.printer
    qtbot.waitUntil(lambda: indicator.text() == "Printer: Paper low", timeout=WAIT_MS)
    assert indicator.color == AMBER and "near its end" in indicator.toolTip()


def test_the_indicator_turns_red_on_failure_and_opens_the_queue(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer("ok")
    fake.refuse = True
    save_printers(network(fake))
    ctx = printing_ctx("cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    indicator = window.status.devices.printer
    queued(ctx, enqueue_voucher(db))
    qtbot.waitUntil(lambda: indicator.text() == "Printer: 1 failed", timeout=WAIT_MS)
    assert indicator.color == RED
    assert "refused" in indicator.toolTip()
    indicator.clicked.emit()
    assert window.print_queue is not None and window.print_queue.isVisible()


def test_printers_are_read_at_each_job(qtbot, db, fake_printer, printing_ctx):
    first, second = fake_printer(), fake_printer()
    save_printers(network(first))
    ctx = printing_ctx("cashier")
    one = enqueue_voucher(db, "voucher:1")
    queued(ctx, one)
    qtbot.waitUntil(lambda: job(db, one).state == "done", timeout=WAIT_MS)
    save_printers(network(second))  # saved while the station runs: no restart
    two = enqueue_voucher(db, "voucher:2", kind="refund-voucher")
    queued(ctx, two)
    qtbot.waitUntil(lambda: job(db, two).state == "done", timeout=WAIT_MS)
    assert len(first.jobs) == 1 and len(second.jobs) == 1
    assert "退费凭证" in texts(second)[0]


def test_a_broken_settings_file_is_reported_not_fatal(qtbot, db, fake_printer, printing_ctx):
    settings = config.load_settings()
    config.save_settings(config.Settings(settings.counter_name, settings.database_url, settings.language,
                                         {"printers": "not a list"}))
    ctx = printing_ctx("cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    indicator = window.status.devices.printer
    job_id = enqueue_voucher(db)
    queued(ctx, job_id)
    qtbot.waitUntil(lambda: indicator.text() == "Printer: settings cannot be read", timeout=WAIT_MS)
    assert indicator.color == RED and "must be a list" in indicator.toolTip()
    qtbot.waitUntil(lambda: job(db, job_id).state == "failed", timeout=WAIT_MS)
    assert "must be a list" in job(db, job_id).last_error
    # Repaired: the same worker prints the next attempt.
    fake = fake_printer()
    save_printers(network(fake))
    ctx.printing.wake()
    assert ctx.printing.running
    qtbot.waitUntil(lambda: job(db, job_id).state == "done", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: indicator.text() == "Printer: Ready", timeout=WAIT_MS)


def test_late_calls_of_a_stopped_worker_are_ignored(qtbot, db):
    ctx = make_ctx(db, "cashier")
    station = PrintStation(ctx.changes)
    station.start(db, ctx.actor.counter)
    changed = []
    ctx.changes.print_jobs_changed.connect(changed.append)
    station.stop()
    station.adapter.on_change(42)  # as a worker finishing its last job would
    qtbot.wait(50)
    assert changed == [] and not station.running
    qtbot.waitUntil(lambda: worker_threads() == [], timeout=WAIT_MS)


def test_the_station_runs_while_logged_in_and_stops_at_logout(qtbot, start, db, db_url):
    make_user(db, "wang_fang", "cashier")
    controller = start(db_url)
    log_in(qtbot, controller, "wang_fang", PASSWORD)
    assert [t.name for t in worker_threads()] == [f"print-worker:{config.Settings().counter_name}"]
    assert controller.main_window.ctx.printing is not None
    controller.main_window.log_out()
    qtbot.waitUntil(controller.login_window.isVisible)
    qtbot.waitUntil(lambda: worker_threads() == [], timeout=WAIT_MS)
    assert not any(t.name.startswith("print-worker:") for t in threading.enumerate())
    log_in(qtbot, controller, "wang_fang", PASSWORD)  # a new session starts a new worker
    assert len(worker_threads()) == 1


def test_quitting_stops_the_station(qtbot, db, db_url):
    make_user(db, "wang_fang", "cashier")
    controller = AppController(db_url)
    controller.start()
    log_in(qtbot, controller, "wang_fang", PASSWORD)
    assert len(worker_threads()) == 1
    controller.shutdown()
    assert worker_threads() == []
