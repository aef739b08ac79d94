"""Printing in GUI tests: fake network printers on 127.0.0.1 (app.devices.printers.simulator),
the counter's printers saved in the settings file, a started print station, queued vouchers.
Everything real except the paper: the station's worker thread connects to the fake printer
and the test decodes the bytes it received."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from app import config
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.printing import queue
from app.printing.samples import sample_document
from app.windows.context import GuiContext
from app.windows.print_station import PrintStation
from tests.windows.conftest import COUNTER, make_ctx, settle

WAIT_MS = 30_000  # generous: a loaded CI machine, PostgreSQL; tests never assert on time


@pytest.fixture
def fake_printer():
    """fake_printer(mode="ok") -> a started FakeNetworkPrinter, stopped after the test."""
    started: list[FakeNetworkPrinter] = []

    def make(mode: str = "ok") -> FakeNetworkPrinter:
        printer = FakeNetworkPrinter(mode).start()
        started.append(printer)
        return printer

    yield make
    for printer in started:
        printer.stop()


def network(fake: FakeNetworkPrinter, name: str = "receipt", **changes) -> PrinterSettings:
    return PrinterSettings(name=name, backend="network", host="127.0.0.1", port=fake.port,
                           timeout_s=2.0, **changes)


def save_printers(*printers: PrinterSettings) -> None:
    settings = config.load_settings()
    config.save_settings(replace(settings, devices={**settings.devices,
                                                    "printers": [p.to_dict() for p in printers]}))


def worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("print-worker:") and t.is_alive()]


@pytest.fixture
def printing_ctx(db):
    """printing_ctx(role) -> a GuiContext whose print station runs (stopped after the test)."""
    stations: list[PrintStation] = []

    def make(role: str, username: str | None = None) -> GuiContext:
        ctx = make_ctx(db, role, username)
        station = PrintStation(ctx.changes)
        station.start(db, ctx.actor.counter)
        stations.append(station)
        return replace(ctx, printing=station)

    yield make
    for station in stations:
        station.stop()
    settle()  # the worker threads are joined on the ops pool
    assert worker_threads() == []


def enqueue_voucher(db, key: str = "voucher:1", kind: str = "entry-voucher") -> int:
    """A voucher queued as a desk queues it, in its own transaction."""
    document = sample_document(kind)
    return db.transact(lambda tx: queue.enqueue(tx, job_key=key, counter=COUNTER, document=document,
                                                created_by="t_cashier"), raw=True)


def queued(ctx: GuiContext, job_id: int) -> None:
    """What a desk does after its COMMIT: tell the views, wake the printer."""
    ctx.changes.print_jobs_changed.emit(job_id)
    if ctx.printing is not None:
        ctx.printing.wake()


def job(db, job_id: int) -> queue.Job:
    return db.transact(lambda tx: queue.get(tx, job_id), raw=True)


def texts(fake: FakeNetworkPrinter) -> list[str]:
    return [received.transcript().text() for received in fake.jobs]
