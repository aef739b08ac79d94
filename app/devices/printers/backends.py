"""open_connection(settings) -> Connection: one job's link to a printer, over python-escpos'
transport classes (Network, Serial, Usb, File, Win32Raw). We only use their open/_raw/close;
our bytes are built by Receipt. Reading (status answers) goes to the device underneath.

Nothing here may hang a print job: every connect, write and read is bounded by the printer's
timeout_s. Where python-escpos would wait forever we step in:
- Network: we connect ourselves (escpos' open() leaks the socket of a failed connect),
  with the timeout set; host names are resolved in a bounded thread (getaddrinfo has no
  timeout); the send buffer is kept small, so a printer that stops reading shows as a
  write timeout instead of megabytes vanishing into the kernel; what the printer sent is
  read before closing, because closing a socket with unread input resets the connection
  and the printer may drop the end of the job.
- Serial: escpos' Serial opens with serial.Serial(port=...) and no write timeout; we open
  with serial_for_url (COM3, /dev/ttyUSB0, socket://, rfc2217://, loop://) and a write
  timeout per chunk, and wait (bounded) for the port to drain before closing.
- Usb: pyusb counts milliseconds and 0 means forever (escpos' default), so we always pass
  one; bulk endpoints are taken from the device when it lists them (escpos assumes
  0x01/0x82, which many Chinese printers do not use).
- File and Win32Raw: a device file of a switched-off printer, a pipe nobody reads or the
  spooler can block in open or write with no timeout at all; those calls run in a helper
  thread we stop waiting for.
Errors become PrinterError with a reason a cashier can act on."""
from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
import time
from typing import Callable, Iterable, TypeVar

from app.devices.printers.errors import PrinterError
from app.devices.printers.settings import PrinterSettings

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_WRITE_BYTES = 4 << 20           # one write() call: a receipt with a logo is < 100 KB
WRITE_CHUNK_BYTES = 4096            # each chunk must make progress within timeout_s
READ_MAX_BYTES = 4096
NETWORK_SEND_BUFFER_BYTES = 64 * 1024
CLOSE_DRAIN_MAX_BYTES = 64 * 1024   # unread input taken before closing a socket
BITS_PER_BYTE = 10                  # serial: start + 8 data + stop
SERIAL_MIN_CHUNK_BYTES = 16
DRAIN_POLL_S = 0.01
USB_MIN_READ_BYTES = 64             # a whole packet: asking less overflows when the printer sends more
USB_DEFAULT_ENDPOINTS = (0x82, 0x01)  # python-escpos' in/out defaults, kept when the device lists none
USB_BULK = 0x02
USB_DIR_IN = 0x80


class Connection:
    """write(data), read(max_bytes, timeout_s) -> b'' when nothing came, close(); a context
    manager. After a failed write or read the connection is abandoned: later calls raise."""

    chunk_bytes = WRITE_CHUNK_BYTES

    def __init__(self, settings: PrinterSettings, where: str):
        self.settings = settings
        self.where = where
        self.timeout_s = settings.timeout_s
        self._closed = False

    def write(self, data: bytes) -> None:
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"write: bytes, not {type(data).__name__}")
        if len(data) > MAX_WRITE_BYTES:
            raise ValueError(f"write: {len(data)} bytes, at most {MAX_WRITE_BYTES} at once")
        self._check_open()
        try:
            for start in range(0, len(data), self.chunk_bytes):
                self._write(bytes(data[start:start + self.chunk_bytes]))
        except PrinterError:
            self._abandon()
            raise

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        """Waits up to timeout_s for the first byte, then returns what has arrived."""
        assert 1 <= max_bytes <= READ_MAX_BYTES, f"read: {max_bytes} bytes"
        assert 0 <= timeout_s <= 60, f"read timeout {timeout_s} s"
        self._check_open()
        try:
            data = self._read(max_bytes, timeout_s)
        except PrinterError:
            self._abandon()
            raise
        assert len(data) <= max_bytes
        return data

    def close(self) -> None:
        """Raises PrinterError when the transport knows the job did not get out (serial port
        that did not drain, spooler refusing the job)."""
        if self._closed:
            return
        self._closed = True
        self._close(abandon=False)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self._abandon()  # the error in flight is the one to report

    def _abandon(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._close(abandon=True)
        except Exception as exc:  # already failing: the first error is the one that matters
            log.debug("closing %s after an error: %s", self.where, exc)

    def _check_open(self) -> None:
        if self._closed:
            raise PrinterError(f"the connection to {self.where} is closed")

    def _not_accepted(self) -> PrinterError:
        return PrinterError(f"printer did not accept data within {self.timeout_s:g} s ({self.where})")

    def _dropped(self, reason: object) -> PrinterError:
        return PrinterError(f"connection dropped while printing ({self.where}: {reason})")

    def _write(self, chunk: bytes) -> None:
        raise NotImplementedError

    def _read(self, max_bytes: int, timeout_s: float) -> bytes:
        return b""  # one-way transports (a file, the spooler) have nothing to read

    def _close(self, abandon: bool) -> None:
        raise NotImplementedError


def run_bounded(call: Callable[[], T], timeout_s: float, on_timeout: str,
                on_late_finish: Callable[[], None] | None = None) -> T:
    """call() in a daemon thread, waited for at most timeout_s; for calls the OS offers no
    timeout for. On timeout the thread is left behind and PrinterError(on_timeout) raised;
    if the call ends after all, on_late_finish() runs in that thread (to close the device)."""
    box: dict = {}
    lock = threading.Lock()

    def target():
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc
        with lock:
            box["done"] = True
            late = box.get("gave_up", False)
        if late and on_late_finish is not None:
            on_late_finish()

    thread = threading.Thread(target=target, name="printer-io", daemon=True)
    thread.start()
    thread.join(timeout_s)
    with lock:
        if not box.get("done"):
            box["gave_up"] = True
            raise PrinterError(on_timeout)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _os_reason(exc: BaseException | None, timeout_s: float) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout_s:g} s"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


# -- network -----------------------------------------------------------------------------------

class NetworkConnection(Connection):
    def __init__(self, settings: PrinterSettings):
        from escpos.printer import Network

        super().__init__(settings, f"{settings.host}:{settings.port}")
        address = _resolve(settings.host, settings.port, settings.timeout_s, self.where)
        # We connect ourselves and hand the socket to escpos: its Network.open() drops the
        # socket of a failed connect without closing it (one leaked descriptor per retry).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, NETWORK_SEND_BUFFER_BYTES)
            # A status query (3 bytes) written after the job would otherwise wait for the
            # printer's delayed ACK of the job (Nagle): 40 ms per voucher on Linux.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(settings.timeout_s)
            sock.connect((address, settings.port))
        except OSError as exc:
            sock.close()
            raise PrinterError(f"cannot connect to {self.where}: {_os_reason(exc, settings.timeout_s)}") from None
        self.printer = Network(address, settings.port, timeout=settings.timeout_s)
        self.printer.device = sock
        self.sock = sock

    def _write(self, chunk: bytes) -> None:
        try:
            self.printer._raw(chunk)   # sendall; the socket timeout bounds each wait for room
        except (TimeoutError, socket.timeout):
            raise self._not_accepted() from None
        except OSError as exc:
            raise self._dropped(_os_reason(exc, self.timeout_s)) from None

    def _read(self, max_bytes: int, timeout_s: float) -> bytes:
        self.sock.settimeout(timeout_s if timeout_s > 0 else 0.0)
        try:
            data = self.sock.recv(max_bytes)
        except (TimeoutError, socket.timeout, BlockingIOError):
            return b""
        except OSError as exc:
            raise self._dropped(_os_reason(exc, timeout_s)) from None
        finally:
            self.sock.settimeout(self.timeout_s)
        if not data:
            raise self._dropped("the printer closed the connection")
        return data

    def _close(self, abandon: bool) -> None:
        try:
            self.sock.setblocking(False)
            taken = 0
            while taken < CLOSE_DRAIN_MAX_BYTES:
                data = self.sock.recv(4096)
                if not data:
                    break
                taken += len(data)
        except OSError:
            pass  # nothing (more) to read, or already reset
        self.printer.close()


def _resolve(host: str, port: int, timeout_s: float, where: str) -> str:
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        pass

    def lookup() -> str:
        return socket.getaddrinfo(host, port, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]

    try:
        return run_bounded(lookup, timeout_s, f"cannot connect to {where}: the name {host} "
                                              f"was not resolved within {timeout_s:g} s")
    except OSError:
        raise PrinterError(f"cannot connect to {where}: unknown host name {host}") from None


# -- serial ------------------------------------------------------------------------------------

class SerialConnection(Connection):
    def __init__(self, settings: PrinterSettings):
        import serial
        from escpos.printer import Serial

        super().__init__(settings, settings.serial_url)
        t = settings.timeout_s
        # Chunks the line carries in half the timeout: each write's deadline is then about progress,
        # not about the size of the job (a logo takes seconds at 9600 baud).
        per_s = settings.baudrate / BITS_PER_BYTE
        self.chunk_bytes = max(SERIAL_MIN_CHUNK_BYTES, min(WRITE_CHUNK_BYTES, int(per_s * t / 2)))
        self.printer = Serial(devfile=settings.serial_url, baudrate=settings.baudrate, timeout=t, dsrdtr=False)
        try:
            device = serial.serial_for_url(settings.serial_url, baudrate=settings.baudrate, timeout=t,
                                           write_timeout=t, xonxoff=False, rtscts=False, dsrdtr=False,
                                           exclusive=True)
        except (serial.SerialException, ValueError, OSError) as exc:
            raise PrinterError(f"cannot open serial port {self.where}: {_serial_reason(exc)}") from None
        self.printer.device = device
        self.device = device
        self._native = isinstance(device, serial.Serial)  # a real port with an OS output queue

    def _write(self, chunk: bytes) -> None:
        import serial
        try:
            self.printer._raw(chunk)
        except serial.SerialTimeoutException:
            raise self._not_accepted() from None
        except (serial.SerialException, OSError) as exc:
            raise self._dropped(exc) from None

    def _read(self, max_bytes: int, timeout_s: float) -> bytes:
        import serial
        try:
            self.device.timeout = timeout_s
            first = self.device.read(1)
            if not first or max_bytes == 1:
                return first
            self.device.timeout = 0  # the rest of the answer: only what is already here
            return first + self.device.read(max_bytes - 1)
        except (serial.SerialException, OSError) as exc:
            raise self._dropped(exc) from None
        finally:
            try:
                self.device.timeout = self.timeout_s
            except (serial.SerialException, OSError):
                pass

    def _close(self, abandon: bool) -> None:
        # escpos' close() calls flush(), which waits without limit for the port to drain: a
        # printer holding the line would hang us. Wait a bounded time instead, then discard.
        import serial
        left = self._wait_drained(abandon)
        try:
            if left:
                self.device.reset_output_buffer()
            self.device.close()
        except (serial.SerialException, OSError) as exc:
            if not abandon:
                raise self._dropped(exc) from None
        finally:
            self.printer.close()  # forgets the closed device (and never reopens it)
        if left and not abandon:
            raise PrinterError(f"printer did not take the last {left} bytes within {self.timeout_s:g} s "
                               f"({self.where})")

    def _wait_drained(self, abandon: bool) -> int:
        if not self._native:
            return 0
        try:
            left = self.device.out_waiting
            if abandon:
                return left
            deadline = time.monotonic() + self.timeout_s + left * BITS_PER_BYTE / self.settings.baudrate
            while left and time.monotonic() < deadline:
                time.sleep(DRAIN_POLL_S)
                left = self.device.out_waiting
            return left
        except Exception:  # the port is gone; close() below reports nothing more useful
            return 0


def _serial_reason(exc: BaseException) -> str:
    errno = getattr(exc, "errno", None)
    reasons = {2: "no such port", 13: "no permission (Linux: add the user to the dialout group)",
               11: "it is in use by another program", 16: "it is in use by another program"}
    return reasons.get(errno) or str(exc) or type(exc).__name__


# -- usb ---------------------------------------------------------------------------------------

def bulk_endpoints(endpoints: Iterable) -> tuple[int | None, int | None]:
    """(first bulk IN address, first bulk OUT address) of an interface's endpoints."""
    found_in = found_out = None
    for ep in endpoints:
        if ep.bmAttributes & 0x03 != USB_BULK:
            continue
        if ep.bEndpointAddress & USB_DIR_IN:
            found_in = found_in if found_in is not None else ep.bEndpointAddress
        else:
            found_out = found_out if found_out is not None else ep.bEndpointAddress
    return found_in, found_out


def _usb_reason(exc: BaseException) -> str:
    errno = getattr(exc, "errno", None)
    if errno == 13:
        return "no permission to use it (Linux: add a udev rule; Windows: install the WinUSB driver)"
    if errno == 16:
        return "it is in use by another program or driver"
    if errno == 19:
        return "it was unplugged"
    return str(exc) or type(exc).__name__


class UsbConnection(Connection):
    def __init__(self, settings: PrinterSettings):
        import usb.core
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        super().__init__(settings, f"USB printer {settings.usb_vendor_id:04x}:{settings.usb_product_id:04x}")
        self.timeout_ms = max(1, round(settings.timeout_s * 1000))  # pyusb: milliseconds, 0 = forever
        self.printer = Usb(settings.usb_vendor_id, settings.usb_product_id, timeout=self.timeout_ms)
        try:
            self.printer.open()
        except usb.core.NoBackendError:
            raise PrinterError(f"cannot use the {self.where}: USB printing needs libusb, "
                               f"which is not installed") from None
        except DeviceNotFoundError as exc:
            if isinstance(exc.__context__, usb.core.USBError):
                raise PrinterError(f"cannot open the {self.where}: {_usb_reason(exc.__context__)}") from None
            raise PrinterError(f"{self.where} not found: is it plugged in and switched on?") from None
        self.device = self.printer.device
        self.in_ep, out_ep = self._endpoints()
        self.printer.out_ep = out_ep

    def _endpoints(self) -> tuple[int | None, int]:
        try:
            interface = self.device.get_active_configuration()[(0, 0)]
            found_in, found_out = bulk_endpoints(interface)
        except Exception as exc:  # pyusb backends differ in what they support
            log.info("%s: endpoints not listed (%s); using 0x82/0x01", self.where, exc)
            return USB_DEFAULT_ENDPOINTS
        if found_out is None:
            return USB_DEFAULT_ENDPOINTS
        return found_in, found_out

    def _write(self, chunk: bytes) -> None:
        import usb.core
        try:
            self.printer._raw(chunk)   # device.write(out_ep, chunk, timeout_ms)
        except usb.core.USBTimeoutError:
            raise self._not_accepted() from None
        except usb.core.USBError as exc:
            raise self._dropped(_usb_reason(exc)) from None

    def _read(self, max_bytes: int, timeout_s: float) -> bytes:
        import usb.core
        if self.in_ep is None:
            return b""  # a printer without a way back: no status
        try:
            data = self.device.read(self.in_ep, max(max_bytes, USB_MIN_READ_BYTES),
                                    max(1, round(timeout_s * 1000)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise self._dropped(_usb_reason(exc)) from None
        return bytes(data[:max_bytes])

    def _close(self, abandon: bool) -> None:
        import usb.core
        try:
            self.printer.close()
        except usb.core.USBError as exc:  # unplugged: there is nothing left to release
            log.info("%s: releasing: %s", self.where, _usb_reason(exc))
            self.printer._device = False


# -- file and the Windows spooler: calls that may block without a timeout ----------------------

class _BlockingConnection(Connection):
    """Every call to the transport runs through run_bounded(). A call that timed out still
    owns the transport: closing under a blocked write would block us as well, so the device
    is closed by that call's thread when (if ever) it returns."""

    def __init__(self, settings: PrinterSettings, where: str):
        super().__init__(settings, where)
        self._stuck = False

    def _bounded(self, call: Callable[[], T], on_timeout: str) -> T:
        try:
            return run_bounded(call, self.timeout_s, on_timeout, on_late_finish=self._close_quietly)
        except PrinterError:
            self._stuck = True
            raise

    def _close_quietly(self) -> None:
        try:
            self.printer.close()
        except Exception as exc:  # nobody is waiting for this job any more
            log.debug("%s: closing after a late return: %s", self.where, exc)
        self.printer._device = False  # so escpos' __del__ does not try again

    def _write(self, chunk: bytes) -> None:
        try:
            self._bounded(lambda: self.printer._raw(chunk), self._not_accepted().reason)
        except PrinterError:
            raise
        except Exception as exc:
            raise self._dropped(_os_reason(exc, self.timeout_s)) from None

    def _close(self, abandon: bool) -> None:
        if self._stuck:
            log.warning("%s: a call is still blocked; the device is closed when it returns", self.where)
            return
        try:
            self._bounded(self.printer.close, f"{self.where} did not finish the job within {self.timeout_s:g} s")
        except PrinterError:
            if not abandon:
                raise
        except Exception as exc:
            self.printer._device = False
            if not abandon:
                raise PrinterError(f"{self.where} did not take the job: {exc}") from None


class FileConnection(_BlockingConnection):
    def __init__(self, settings: PrinterSettings):
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import File

        super().__init__(settings, settings.path)
        self.printer = File(devfile=settings.path, auto_flush=True)
        try:
            self._bounded(self.printer.open, f"cannot open {self.where}: it did not open within "
                                             f"{settings.timeout_s:g} s (printer off, or nothing reading it)")
        except DeviceNotFoundError as exc:
            raise PrinterError(f"cannot open {self.where}: {_os_reason(exc.__context__, settings.timeout_s)}") \
                from None


class Win32RawConnection(_BlockingConnection):
    JOB_NAME = "MarketDesk receipt"

    def __init__(self, settings: PrinterSettings):
        super().__init__(settings, f"Windows printer '{settings.windows_printer}'")
        if sys.platform != "win32":
            raise PrinterError("the Windows printer backend (win32raw) works only on Windows; "
                               "use network, serial, usb or file here")
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Win32Raw

        if not Win32Raw.is_usable():
            raise PrinterError("the Windows printer backend needs the pywin32 package, which is not installed")
        self.printer = Win32Raw(settings.windows_printer)
        try:
            self._bounded(lambda: self.printer.open(job_name=self.JOB_NAME),
                          f"the {self.where} did not start a job within {settings.timeout_s:g} s")
        except DeviceNotFoundError as exc:
            raise PrinterError(f"cannot print to the {self.where}: {str(exc).replace(chr(10), ' ')}") from None


BACKEND_CLASSES: dict[str, Callable[[PrinterSettings], Connection]] = {
    "network": NetworkConnection,
    "serial": SerialConnection,
    "usb": UsbConnection,
    "file": FileConnection,
    "win32raw": Win32RawConnection,
}


def open_connection(settings: PrinterSettings) -> Connection:
    """Validated settings -> an open connection, or PrinterError saying why not."""
    settings.validate()
    return BACKEND_CLASSES[settings.backend](settings)
