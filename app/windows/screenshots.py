"""`marketdesk screenshots DIR`: every window rendered offscreen to PNG, for the manual and
for review. Works on a throwaway SQLite database with the demo users, under a temporary
MARKETDESK_HOME, so nothing real is read or touched."""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.windows import ops
from app.windows.application import create_application, current_language, install_language

SETTLE_TIMEOUT_S = 30  # waiting for background loads (the users table) before a picture
WINDOW_SIZE = (1024, 680)
LAYOUT_ROUNDS = 3


@contextmanager
def _temporary_home() -> Iterator[Path]:
    before = {k: os.environ.get(k) for k in ("MARKETDESK_HOME", "MARKETDESK_DB")}
    with tempfile.TemporaryDirectory(prefix="marketdesk-shots-") as home:
        os.environ["MARKETDESK_HOME"] = home
        os.environ.pop("MARKETDESK_DB", None)
        try:
            yield Path(home)
        finally:
            for key, value in before.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _settle() -> None:
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        QCoreApplication.processEvents()
        if ops.pending() == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    for _ in range(LAYOUT_ROUNDS):  # a text set by the last result relayouts its parents in turn
        QCoreApplication.processEvents()


def _shoot(widget: QWidget, path: Path) -> Path:
    widget.show()
    _settle()
    widget.grab().save(str(path))
    widget.close()
    widget.deleteLater()
    return path


def render_all(directory: str | os.PathLike, lang: str = "zh_CN") -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # only matters if no app exists yet
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    create_application()
    language_before = current_language()
    install_language(lang)
    try:
        with _temporary_home() as home:
            return _render(out, home)
    finally:
        install_language(language_before)


def _stable_weight() -> QWidget:
    """The weigh desk's big display, as a truck stands still on the scale."""
    from app.devices.scales.stability import WeightState
    from app.windows.weight_display import WeightDisplay
    display = WeightDisplay()
    display.resize(640, 240)
    display.show_weight(WeightState(36_520_000, "36520", "kg", True, False, False, False, False, False, 0.0))
    return display


def _demo_printers() -> None:
    """A receipt printer and a spare, saved in the temporary home's settings file."""
    from dataclasses import replace

    from app import config
    from app.devices.printers.settings import PrinterSettings
    settings = config.load_settings()
    printers = [PrinterSettings(name="receipt", host="192.168.1.50", paper_mm=80, drawer=True),
                PrinterSettings(name="backup", backend="usb", usb_vendor_id=0x0416, usb_product_id=0x5011,
                                paper_mm=58)]
    config.save_settings(replace(settings, devices={**settings.devices,
                                                    "printers": [p.to_dict() for p in printers]}))


def _demo_print_jobs(db, counter: str) -> int:
    """A printed voucher, a failed refund voucher waiting for the cashier (its id is returned),
    a receipt waiting."""
    from datetime import timedelta

    from app.db.rawsql import db_clock
    from app.printing import queue
    from app.printing.samples import sample_document

    def work(tx) -> int:
        now = db_clock(tx)
        ids = [queue.enqueue(tx, job_key=f"demo:{kind}", counter=counter, document=sample_document(kind),
                             created_by="demo_cashier", now=now)
               for kind in ("entry-voucher", "refund-voucher", "recharge-receipt")]
        queue.finish(tx, queue.claim(tx, ids[0], "screenshots", now), now)
        for attempt in range(queue.AUTO_ATTEMPTS_MAX):  # until it stops retrying by itself
            later = now + timedelta(minutes=attempt)    # past each backoff
            queue.fail(tx, queue.claim(tx, ids[1], "screenshots", later),
                       "printer not ready: out of paper: load a new roll", later, bytes_sent=False)
        return ids[1]
    return db.transact(work, raw=True)


def _print_queue(ctx, job_id: int) -> QWidget:
    """The panel as a failed job opens it: that job selected, its actions offered."""
    from app.windows.print_queue_panel import PrintQueuePanel
    panel = PrintQueuePanel(ctx)
    panel.show_job(job_id)
    return panel


DESK_SIZE = (1366, 768)   # the weigh desk is laid out for a 1366x768 counter screen
# (plate, commodity, gross g, exit weight g or None, void reason or None): a morning at the counter
DESK_TICKETS = (("鲁G12345", "大白菜", 32_560_000, None, None),
                ("鲁G24680", "土豆", 41_300_000, None, None),        # little money on the account: cash too
                ("豫N55667", "西瓜", 25_040_000, None, None),        # no merchant: a temporary customer
                ("鲁G78901", "大米", 30_120_000, 10_880_000, None),  # tare weighed at exit: refunded
                ("鲁G90123", "黄瓜", 28_400_000, None, "品种选错，重新过磅"),
                ("鲁G45678", "苹果", 18_240_000, None, None))


def _demo_desk(db, admin, counter: str):
    """Demo master data and a shift of tickets (charged, refunded, voided; their vouchers
    printed), as the demo cashier; returns the cashier."""
    from app.auth import service as auth
    from app.db.rawsql import db_clock
    from app.demo import DEMO_PASSWORD
    from app.ledger.ids import new_event_id
    from app.ledger.service import open_shift
    from app.printing import queue
    from app.weighing.capture import ScaleCapture
    from app.weighing.catalog import list_catalog
    from app.weighing.demo_data import seed_weighing
    from app.weighing.entry import EntryDraft, charge_entry, quote_entry
    from app.weighing.exit import refund_exit
    from app.weighing.void import void_entry
    seed_weighing(db, admin)
    cashier = auth.login(db, "demo_cashier", DEMO_PASSWORD, counter)
    open_shift(db, cashier, 500_00)
    commodities = {c.name: c.id for c in list_catalog(db)}
    frames = (("2026-11-23T08:15:40.100+00:00", "022b3030333235363030334303"),)
    jobs = []
    for plate, commodity, gross_g, exit_g, void_reason in DESK_TICKETS:
        draft = EntryDraft(plate, commodities[commodity], gross_g)
        quote = quote_entry(db, cashier, draft)
        cash = quote.fee_fen if quote.merchant_kind != "fixed" else quote.paid_cash_fen
        result = charge_entry(db, cashier, draft, event_id=new_event_id(), capture=ScaleCapture(gross_g, frames),
                              fee_fen_shown=quote.fee_fen, cash_fen=cash)
        jobs.append(result.print_job_id)
        if exit_g is not None:
            refund = refund_exit(db, cashier, result.ticket_id, event_id=new_event_id(),
                                 capture=ScaleCapture(exit_g, frames),
                                 refund_fen_shown=_refund_due(db, cashier, result.voucher_no, exit_g))
            jobs.append(refund.print_job_id)
        if void_reason is not None:
            void_entry(db, cashier, result.ticket_id, reason=void_reason, event_id=new_event_id(),
                       override=_supervisor(db))

    def printed(tx) -> None:
        now = db_clock(tx)
        for job_id in jobs:
            queue.finish(tx, queue.claim(tx, job_id, "screenshots", now), now)
    db.transact(printed, raw=True)
    return cashier


def _refund_due(db, actor, voucher_no: str, exit_g: int) -> int:
    from app.weighing.exit import find_entry, quote_refund
    return quote_refund(db, actor, find_entry(db, actor, voucher_no).ticket_id, exit_g).refund_fen


def _supervisor(db):
    from app.auth.service import authorize_override
    from app.demo import DEMO_PASSWORD
    return authorize_override(db, "demo_manager", DEMO_PASSWORD, "ticket.void", "")


def _weigh_desk(db, admin, counter: str) -> QWidget:
    """The desk as a known truck stands on the scale: plate entered, the fee shown."""
    from app.devices.scales.stability import WeightState
    from app.windows.changes import ChangeHub
    from app.windows.context import GuiContext
    from app.windows.main_window import MainWindow
    cashier = _demo_desk(db, admin, counter)
    window = MainWindow(GuiContext(db, cashier, ChangeHub(), counter))
    window.resize(*DESK_SIZE)
    desk = window.show_screen("weigh_desk")
    _settle()  # the shift and the pick lists
    desk.live.show(WeightState(21_360_000, "21360", "kg", True, False, False, False, False, False, 0.0))
    desk.entry.form.plate.setText("鲁G45678")
    desk.entry.fill("鲁G45678")
    return window


def _handover_waiting(db, counter: str) -> None:
    """A manager's shift with a cash recharge, closed 0.50 short: waiting at the finance desk."""
    from app.auth import service as auth
    from app.demo import DEMO_PASSWORD
    from app.finance.close import close_shift
    from app.finance.denominations import CashCount
    from app.ledger.ids import new_event_id
    from app.ledger.service import open_shift
    from app.recharge.accounts import find_accounts
    from app.recharge.service import recharge
    manager = auth.login(db, "demo_manager", DEMO_PASSWORD, counter)
    shift = open_shift(db, manager, 500_00)
    account = find_accounts(db, "M000001")[0]
    recharge(db, manager, account.merchant_id, amount_fen=1200_00, method="cash", reference=None,
             event_id=new_event_id())
    close_shift(db, manager, shift.id, count=CashCount.of({100_00: 15, 50_00: 2, 10_00: 9, 5_00: 1, 1_00: 4, 50: 1}),
                declared_fen={}, event_id=new_event_id(), note="")


def _shift_close(db, counter: str) -> QWidget:
    """The blind count of a recharge clerk's shift."""
    from app.auth import service as auth
    from app.demo import DEMO_PASSWORD
    from app.ledger.service import current_shift, open_shift
    from app.windows.changes import ChangeHub
    from app.windows.context import GuiContext
    from app.windows.shift_close_dialog import ShiftCloseDialog
    clerk = auth.login(db, "demo_clerk", DEMO_PASSWORD, counter)
    shift = current_shift(db, clerk) or open_shift(db, clerk, 500_00)
    return ShiftCloseDialog(GuiContext(db, clerk, ChangeHub(), counter), shift.id, clerk.display_name, own=True)


def _render(out: Path, home: Path) -> list[Path]:
    from app.auth import service as auth
    from app.commands import cli_actor
    from app.db.database import Database
    from app.db.migrate import upgrade
    from app.demo import DEMO_PASSWORD, seed
    from app.errors import DatabaseUnavailable, SchemaMismatch
    from app.windows.change_password import ChangePasswordDialog
    from app.windows.changes import ChangeHub
    from app.windows.context import GuiContext
    from app.windows.db_problem import DbProblemDialog
    from app.windows.first_admin import FirstAdminDialog
    from app.windows.local_settings import saved_settings
    from app.windows.login import LoginWindow
    from app.windows.main_window import MainWindow
    from app.windows.open_shift import OpenShiftDialog
    from app.windows.override import OverrideDialog
    from app.windows.upgrade import UpgradeDialog

    db = Database(f"sqlite:///{home / 'screenshots.sqlite3'}")
    try:
        upgrade(db)
        seed(db, cli_actor())
        counter = saved_settings().counter_name
        actor = auth.login(db, "demo_admin", DEMO_PASSWORD, counter)
        ctx = GuiContext(db, actor, ChangeHub(), counter)
        _demo_printers()
        failed_job = _demo_print_jobs(db, counter)

        def login() -> QWidget:
            window = LoginWindow(counter)
            window.set_database(db)
            window.set_username("demo_cashier")
            return window

        def main_on(key: str) -> Callable[[], QWidget]:
            def make() -> QWidget:
                window = MainWindow(ctx)
                window.resize(*WINDOW_SIZE)
                window.show_screen(key)
                return window
            return make

        unreachable = DatabaseUnavailable(
            "Cannot reach the database server PostgreSQL 192.168.1.10:5432/market: connection refused")
        behind = SchemaMismatch("The database is at schema 0001_foundation; this MarketDesk needs "
                                "schema 0002.", "0001_foundation", "0002", newer=False)
        windows: dict[str, Callable[[], QWidget]] = {
            "login": login,
            "first_admin": lambda: FirstAdminDialog(db),
            "main_window": main_on("home"),
            "admin_users": main_on("users"),
            "admin_settings": main_on("settings"),
            "admin_scale": main_on("scale"),
            "admin_printers": main_on("printers"),
            "prices": main_on("prices"),
            "merchants": main_on("merchants"),
            "vehicles": main_on("vehicles"),
            "recharge_desk": main_on("recharge_desk"),
            "finance_desk": lambda: (_handover_waiting(db, counter), main_on("finance_desk")())[1],
            "reports": main_on("reports"),
            "reconcile": main_on("reconcile"),
            "splits": main_on("splits"),
            "shift_close": lambda: _shift_close(db, counter),
            "print_queue": lambda: _print_queue(ctx, failed_job),
            "weight_display": _stable_weight,
            "change_password": lambda: ChangePasswordDialog(ctx),
            "db_problem": lambda: DbProblemDialog(
                unreachable, "postgresql://market@192.168.1.10/market", can_retry=True),
            "upgrade": lambda: UpgradeDialog(behind, db.url, counter),
            "override": lambda: OverrideDialog(db, "voucher.reprint", counter),
            "open_shift": lambda: OpenShiftDialog(GuiContext(
                db, auth.login(db, "demo_cashier", DEMO_PASSWORD, counter), ChangeHub(), counter)),
            # Last: its shift of tickets would otherwise show in the print queue above.
            "weigh_desk": lambda: _weigh_desk(db, actor, counter),
        }
        return [_shoot(make(), out / f"{name}.png") for name, make in windows.items()]
    finally:
        ops.wait_for_workers()
        _settle()
        db.dispose()
