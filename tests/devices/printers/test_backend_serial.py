"""The serial backend through pyserial's loop:// and real pseudo-terminals."""
import os
import threading
import tty

import pytest
import serial

from app.devices.printers import status
from app.devices.printers.backends import open_connection
from app.devices.printers.decode import decode
from app.devices.printers.errors import PrinterError
from app.devices.printers.escpos import Receipt
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import StatusResponder

from .conftest import BIG_JOB, TIMEOUT_S, finishes


def serial_settings(url: str, **changes) -> PrinterSettings:
    return PrinterSettings(**{"backend": "serial", "serial_url": url, "timeout_s": TIMEOUT_S, **changes})


def test_loop_url_round_trip():
    with open_connection(serial_settings("loop://")) as conn:
        conn.write(b"\x1b@hello\n")
        assert conn.read(64, TIMEOUT_S) == b"\x1b@hello\n"
        assert conn.read(64, TIMEOUT_S) == b""


def test_an_echo_on_the_line_is_not_a_status():
    with open_connection(serial_settings("loop://")) as conn:
        assert status.query(conn, TIMEOUT_S).state == "unknown"


class PtyPrinter:
    """A printer at the far end of a pseudo-terminal: collects bytes, answers DLE EOT."""

    def __init__(self, mode="ok"):
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self.mode = mode
        self.received = bytearray()
        self.reading = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _run(self):
        import select
        responder = StatusResponder()
        while not self._stop.is_set():
            if not self.reading:
                self._stop.wait(0.02)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            self.received += data
            answers, _ = responder.feed(data, self.mode)
            if answers:
                os.write(self.master, answers)

    def close(self):
        self._stop.set()
        self._thread.join(5)
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def pty_printer():
    p = PtyPrinter().start()
    yield p
    p.close()


def test_a_receipt_through_a_pty(pty_printer):
    r = Receipt(32)
    r.text("退费凭证", align="center", size="double")
    r.pair("退费", "￥12.40")
    r.cut()
    with open_connection(serial_settings(pty_printer.path, baudrate=115200)) as conn:
        conn.write(r.bytes())
    assert finishes(lambda: _wait_for(lambda: bytes(pty_printer.received) == r.bytes()))
    assert decode(bytes(pty_printer.received)).text().splitlines()[2:] == [
        "[C][2x] 退费凭证", "退费                     ￥12.40", "[CUT]"]


@pytest.mark.parametrize("mode, state", [("ok", "ok"), ("paper_out", "paper_out"), ("cover_open", "cover_open"),
                                         ("silent", "unknown")])
def test_status_through_a_pty(pty_printer, mode, state):
    pty_printer.mode = mode
    with open_connection(serial_settings(pty_printer.path)) as conn:
        assert finishes(lambda: status.query(conn, TIMEOUT_S)).state == state


def test_a_printer_that_stops_reading(pty_printer):
    pty_printer.reading = False
    conn = open_connection(serial_settings(pty_printer.path, baudrate=115200))
    with pytest.raises(PrinterError) as info:
        finishes(lambda: conn.write(BIG_JOB))
    assert str(info.value) == f"printer did not accept data within 0.3 s ({pty_printer.path})"
    finishes(conn.close)  # already abandoned: closing neither hangs nor raises


def test_the_cable_pulled_mid_job():
    p = PtyPrinter().start()
    conn = open_connection(serial_settings(p.path, baudrate=115200))
    conn.write(b"\x1b@first part\n")
    p.close()  # the far end is gone
    with pytest.raises(PrinterError, match=rf"connection dropped while printing \({p.path}: "):
        finishes(lambda: conn.write(b"second part\n" * 100))


def test_no_such_port():
    with pytest.raises(PrinterError, match="^cannot open serial port /dev/no-such-tty: no such port$"):
        open_connection(serial_settings("/dev/no-such-tty"))


def test_a_port_in_use_by_another_program(pty_printer):
    with open_connection(serial_settings(pty_printer.path)):
        with pytest.raises(PrinterError, match="in use by another program"):
            open_connection(serial_settings(pty_printer.path))


class StuckPort(serial.Serial):
    """A real-port class that never drains: the printer holds the line (flow control, say)."""

    def __init__(self):
        super().__init__()  # no port: nothing is opened
        self.discarded = False
        self.was_closed = False

    @property
    def out_waiting(self):
        return 0 if self.discarded else 120

    def write(self, data):
        return len(data)

    def reset_output_buffer(self):
        self.discarded = True

    def close(self):
        self.was_closed = True


def test_closing_waits_a_bounded_time_for_the_port_to_drain(monkeypatch):
    port = StuckPort()
    monkeypatch.setattr(serial, "serial_for_url", lambda *a, **k: port)
    conn = open_connection(serial_settings("/dev/ttyS9"))
    conn.write(b"\x1b@last line\n")
    with pytest.raises(PrinterError, match=r"printer did not take the last 120 bytes within 0.3 s \(/dev/ttyS9\)"):
        finishes(conn.close)
    assert port.discarded and port.was_closed


def _wait_for(predicate, limit_s=20):
    import time
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False
