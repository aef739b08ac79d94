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
            "print_queue": lambda: _print_queue(ctx, failed_job),
            "weight_display": _stable_weight,
            "change_password": lambda: ChangePasswordDialog(ctx),
            "db_problem": lambda: DbProblemDialog(
                unreachable, "postgresql://market@192.168.1.10/market", can_retry=True),
            "upgrade": lambda: UpgradeDialog(behind, db.url, counter),
            "override": lambda: OverrideDialog(db, "voucher.reprint", counter),
            "open_shift": lambda: OpenShiftDialog(GuiContext(
                db, auth.login(db, "demo_cashier", DEMO_PASSWORD, counter), ChangeHub(), counter)),
        }
        return [_shoot(make(), out / f"{name}.png") for name, make in windows.items()]
    finally:
        ops.wait_for_workers()
        _settle()
        db.dispose()
