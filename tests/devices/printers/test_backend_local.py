"""File, USB and Windows spooler backends. USB and the spooler need hardware or Windows, so
their failure handling is checked against stand-ins for pyusb's device and escpos' Win32Raw."""
import os
import sys
import types

import pytest
import usb.core

from app.devices.printers import backends
from app.devices.printers.backends import bulk_endpoints, open_connection
from app.devices.printers.errors import PrinterError
from app.devices.printers.settings import PrinterSettings

from .conftest import BIG_JOB, TIMEOUT_S, finishes


def file_settings(path, **changes) -> PrinterSettings:
    return PrinterSettings(**{"backend": "file", "path": str(path), "timeout_s": TIMEOUT_S, **changes})


# -- file ------------------------------------------------------------------------------------

def test_file_backend_writes_the_job(tmp_path):
    path = tmp_path / "lp0"
    with open_connection(file_settings(path)) as conn:
        conn.write(b"\x1b@first\n")
        conn.write(b"second\n")
        assert conn.read(16, TIMEOUT_S) == b""  # nothing to read from a file
    assert path.read_bytes() == b"\x1b@first\nsecond\n"


def test_file_that_cannot_be_opened(tmp_path):
    with pytest.raises(PrinterError, match=f"^cannot open {tmp_path}/missing/lp0: no such file or directory$"):
        open_connection(file_settings(tmp_path / "missing" / "lp0"))


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "printer.fifo"
    os.mkfifo(path)
    yield path
    # release helper threads left blocked on the pipe
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        while True:
            try:
                if not os.read(fd, 1 << 16):
                    break
            except BlockingIOError:
                break
    finally:
        os.close(fd)


def test_a_device_that_does_not_open_does_not_hang(fifo):
    with pytest.raises(PrinterError, match=r"did not open within 0.3 s"):
        finishes(lambda: open_connection(file_settings(fifo)))


def test_a_device_that_stops_taking_data_does_not_hang(fifo):
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # opened, never read: the pipe fills up
    try:
        conn = open_connection(file_settings(fifo))
        with pytest.raises(PrinterError, match=rf"^printer did not accept data within 0.3 s \({fifo}\)$"):
            finishes(lambda: conn.write(BIG_JOB))
        finishes(conn.close)  # the blocked write keeps the file; close leaves it alone
        with pytest.raises(PrinterError, match="is closed"):
            conn.write(b"x")
    finally:
        os.close(reader)


def test_a_device_that_fails_a_write(tmp_path, monkeypatch):
    conn = open_connection(file_settings(tmp_path / "lp0"))

    def broken(data):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(conn.printer, "_raw", broken)
    with pytest.raises(PrinterError, match=r"connection dropped while printing \(.*lp0: input/output error\)"):
        conn.write(b"x")


# -- usb -------------------------------------------------------------------------------------

def ep(address, attributes=0x02):
    return types.SimpleNamespace(bEndpointAddress=address, bmAttributes=attributes)


def test_bulk_endpoints():
    assert bulk_endpoints([ep(0x83, 0x03), ep(0x81), ep(0x02), ep(0x82), ep(0x03)]) == (0x81, 0x02)
    assert bulk_endpoints([ep(0x03)]) == (None, 0x03)
    assert bulk_endpoints([]) == (None, None)


class FakeBackend:
    pass


class FakeUsbDevice:
    """What pyusb's find() returns, as far as python-escpos and we use it."""

    backend = FakeBackend()  # not libusb1: escpos skips the kernel driver dance

    def __init__(self, endpoints=(ep(0x81), ep(0x03)), write_error=None, answer=b"\x12"):
        self.endpoints = list(endpoints)
        self.write_error = write_error
        self.answer = answer
        self.writes = []
        self.reads = []
        self._ctx = types.SimpleNamespace(dispose=lambda device: None)

    def set_configuration(self):
        pass

    def reset(self):
        pass

    def get_active_configuration(self):
        return {(0, 0): self.endpoints}

    def write(self, endpoint, data, timeout=None):
        self.writes.append((endpoint, bytes(data), timeout))
        if self.write_error:
            raise self.write_error
        return len(data)

    def read(self, endpoint, size, timeout=None):
        self.reads.append((endpoint, size, timeout))
        if not self.answer:
            raise usb.core.USBTimeoutError("timeout", errno=110)
        return bytearray(self.answer)


def usb_settings(**changes):
    return PrinterSettings(**{"backend": "usb", "usb_vendor_id": 0x0416, "usb_product_id": 0x5011,
                              "timeout_s": TIMEOUT_S, **changes})


def test_usb_uses_the_device_endpoints_and_always_a_timeout(monkeypatch):
    device = FakeUsbDevice()
    monkeypatch.setattr(usb.core, "find", lambda **match: device)
    with open_connection(usb_settings()) as conn:
        conn.write(b"\x1b@usb\n")
        assert conn.read(16, 0.5) == b"\x12"
        conn.read(16, 0)  # a drain: 1 ms, never pyusb's 0 = forever
    assert device.writes == [(0x03, b"\x1b@usb\n", 300)]   # milliseconds
    assert [(e, t) for e, _, t in device.reads] == [(0x81, 500), (0x81, 1)]


def test_usb_without_listed_endpoints_keeps_escpos_defaults(monkeypatch):
    device = FakeUsbDevice(endpoints=[])
    monkeypatch.setattr(usb.core, "find", lambda **match: device)
    with open_connection(usb_settings()) as conn:
        conn.write(b"x")
        conn.read(16, 0.5)
    assert device.writes[0][0] == 0x01 and device.reads[0][0] == 0x82


def test_usb_read_timeout_is_nothing(monkeypatch):
    monkeypatch.setattr(usb.core, "find", lambda **match: FakeUsbDevice(answer=b""))
    with open_connection(usb_settings()) as conn:
        assert conn.read(16, 0.5) == b""


@pytest.mark.parametrize("error, reason", [
    (usb.core.USBTimeoutError("timeout", errno=110),
     "printer did not accept data within 0.3 s (USB printer 0416:5011)"),
    (usb.core.USBError("gone", errno=19),
     "connection dropped while printing (USB printer 0416:5011: it was unplugged)"),
    (usb.core.USBError("denied", errno=13), "connection dropped while printing (USB printer 0416:5011: no permission"),
])
def test_usb_write_errors(monkeypatch, error, reason):
    monkeypatch.setattr(usb.core, "find", lambda **match: FakeUsbDevice(write_error=error))
    conn = open_connection(usb_settings())
    with pytest.raises(PrinterError) as info:
        conn.write(b"x")
    assert str(info.value).startswith(reason)


def test_usb_read_error(monkeypatch):
    device = FakeUsbDevice()
    device.read = lambda *a: (_ for _ in ()).throw(usb.core.USBError("gone", errno=19))
    monkeypatch.setattr(usb.core, "find", lambda **match: device)
    conn = open_connection(usb_settings())
    with pytest.raises(PrinterError, match="it was unplugged"):
        conn.read(16, 0.5)


def test_usb_printer_not_found(monkeypatch):
    monkeypatch.setattr(usb.core, "find", lambda **match: None)
    with pytest.raises(PrinterError, match="^USB printer 0416:5011 not found: is it plugged in and switched on\\?$"):
        open_connection(usb_settings())


def test_usb_printer_busy_at_open(monkeypatch):
    def busy(**match):
        raise usb.core.USBError("busy", errno=16)
    monkeypatch.setattr(usb.core, "find", busy)
    with pytest.raises(PrinterError, match="^cannot open the USB printer 0416:5011: it is in use"):
        open_connection(usb_settings())


def test_usb_without_libusb(monkeypatch):
    def no_backend(**match):
        raise usb.core.NoBackendError("No backend available")
    monkeypatch.setattr(usb.core, "find", no_backend)
    with pytest.raises(PrinterError, match="USB printing needs libusb, which is not installed"):
        open_connection(usb_settings())


# -- the Windows spooler -------------------------------------------------------------------------

WIN = dict(backend="win32raw", windows_printer="XP-80C", timeout_s=TIMEOUT_S)


@pytest.mark.skipif(sys.platform == "win32", reason="the refusal is for other systems")
def test_win32raw_elsewhere_says_so():
    with pytest.raises(PrinterError, match=r"works only on Windows"):
        open_connection(PrinterSettings(**WIN))


class FakeWin32Raw:
    """escpos.printer.Win32Raw's surface: open starts a spooler job, close ends it."""
    usable = True
    block = None
    jobs = []

    def __init__(self, printer_name):
        self.printer_name = printer_name
        self.data = bytearray()

    @classmethod
    def is_usable(cls):
        return cls.usable

    def open(self, job_name="python-escpos"):
        if self.printer_name != "XP-80C":
            from escpos.exceptions import DeviceNotFoundError
            raise DeviceNotFoundError("Unable to start a print job for the printer x:\nIncorrect printer name")
        self.job_name = job_name

    def _raw(self, msg):
        if FakeWin32Raw.block is not None:
            FakeWin32Raw.block.wait(60)
        self.data += msg

    def close(self):
        FakeWin32Raw.jobs.append((self.job_name, bytes(self.data)))


@pytest.fixture
def windows(monkeypatch):
    import escpos.printer
    monkeypatch.setattr(backends.sys, "platform", "win32")
    monkeypatch.setattr(escpos.printer, "Win32Raw", FakeWin32Raw)
    FakeWin32Raw.jobs, FakeWin32Raw.block, FakeWin32Raw.usable = [], None, True
    yield FakeWin32Raw
    if FakeWin32Raw.block is not None:
        FakeWin32Raw.block.set()


def test_win32raw_sends_one_spooler_job(windows):
    with open_connection(PrinterSettings(**WIN)) as conn:
        conn.write(b"\x1b@spooled\n")
        assert conn.read(16, 0.5) == b""
    assert windows.jobs == [("MarketDesk receipt", b"\x1b@spooled\n")]


def test_win32raw_unknown_printer(windows):
    with pytest.raises(PrinterError, match="^cannot print to the Windows printer 'XP-58': .*Incorrect printer name"):
        open_connection(PrinterSettings(**{**WIN, "windows_printer": "XP-58"}))


def test_win32raw_without_pywin32(windows):
    windows.usable = False
    with pytest.raises(PrinterError, match="needs the pywin32 package"):
        open_connection(PrinterSettings(**WIN))


def test_win32raw_spooler_that_blocks(windows):
    import threading
    windows.block = threading.Event()
    conn = open_connection(PrinterSettings(**WIN))
    with pytest.raises(PrinterError, match=r"printer did not accept data within 0.3 s \(Windows printer 'XP-80C'\)"):
        finishes(lambda: conn.write(b"x"))
    finishes(conn.close)
    assert windows.jobs == []  # the blocked call still owns the job; it is not ended under it
