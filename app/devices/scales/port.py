"""The port owner: one thread per configured scale port. It opens the port (device path,
COMn, socket://host:port, loop://), reads, decodes, tracks stability, and reopens the port by
itself when it disappears (USB adapters do) with a bounded backoff. It never touches a port
nobody configured. Listeners are called on this thread; the GUI adapter turns the calls into
queued Qt signals."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import serial

from app.devices.scales import protocol as protocols
from app.devices.scales.frame import Frame
from app.devices.scales.settings import ScaleSettings
from app.errors import ValidationError
from app.devices.scales.stability import NO_SIGNAL, Capture, NotStable, StabilityTracker, WeightState

log = logging.getLogger(__name__)

READ_CHUNK_BYTES = 512
READ_TIMEOUT_S = 0.03        # batches a 9600-baud stream (CPU) yet keeps capture latency low
NO_DATA_AFTER_S = 1.0        # connected but silent this long: say so
BACKOFF_FIRST_S = 0.1
BACKOFF_MAX_S = 1.0          # a replugged cable is read again within about a second
WEIGHT_NOTIFY_MIN_S = 0.05   # at most 20 weight updates a second to listeners
STOP_JOIN_S = 2.0


class PortState(StrEnum):
    STOPPED = "stopped"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    NO_DATA = "no_data"
    ERROR = "error"


@dataclass(frozen=True)
class PortStatus:
    state: PortState
    reason: str | None
    url: str


class ScaleListener(Protocol):
    def on_frame(self, frame: Frame) -> None: ...
    def on_status(self, status: PortStatus) -> None: ...
    def on_weight(self, state: WeightState) -> None: ...


class ScaleUnavailable(NotStable):
    pass


def open_serial(settings: ScaleSettings) -> serial.SerialBase:
    """Open with the configured line settings; DTR/RTS set before opening where the driver
    allows, because some indicators reset when DTR rises."""
    port = serial.serial_for_url(settings.url, do_not_open=True, baudrate=settings.baudrate,
                                 bytesize=settings.bytesize, parity=settings.parity,
                                 stopbits=settings.stopbits, timeout=READ_TIMEOUT_S,
                                 write_timeout=READ_TIMEOUT_S * 10)
    if settings.dtr is not None:
        port.dtr = settings.dtr
    if settings.rts is not None:
        port.rts = settings.rts
    port.open()
    return port


class ScalePort:
    def __init__(self, settings: ScaleSettings, listener: ScaleListener | None = None):
        settings.validate()
        if not settings.url.strip():
            raise ValidationError("scale port: give a port (e.g. COM3, /dev/ttyUSB0, socket://host:port)")
        self.settings = settings
        self.protocol = protocols.get(settings.protocol)
        self._listener = listener
        self._tracker = StabilityTracker(settings.stability, settings.unit)
        self._lock = threading.Lock()          # guards the tracker and the status
        self._new_frames = threading.Condition(self._lock)  # capture() waits on it
        self._status = PortStatus(PortState.STOPPED, None, settings.url)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_weight_notify_s = 0.0

    # ---- API (any thread) ----------------------------------------------------------------

    def start(self) -> None:
        assert self._thread is None, "start once"
        self._thread = threading.Thread(target=self._run, name=f"scale {self.settings.url}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = STOP_JOIN_S) -> None:
        """Ask the thread to end and wait up to timeout_s; it reports STOPPED itself when it
        has let go of the port (a slow socket:// connect may outlast the wait)."""
        self._stop.set()
        with self._new_frames:
            self._new_frames.notify_all()  # a waiting capture() gives up now, not in a second
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("scale %s: port thread still closing", self.settings.url)
                return
        self._set_status(PortState.STOPPED, None)

    def status(self) -> PortStatus:
        with self._lock:
            return self._status

    def weight(self) -> WeightState:
        with self._lock:
            return self._tracker.state(time.monotonic())

    def capture(self, timeout_s: float = 0.0) -> Capture:
        """The stable weight now, or within timeout_s; NotStable says why not."""
        deadline = time.monotonic() + max(0.0, timeout_s)
        with self._new_frames:
            while True:
                try:
                    if self._status.state not in (PortState.CONNECTED, PortState.NO_DATA):
                        raise ScaleUnavailable(f"the scale is not connected ({self._status.reason or self._status.state})")
                    return self._tracker.capture(time.monotonic())
                except NotStable:
                    left_s = deadline - time.monotonic()
                    if left_s <= 0:
                        raise
                    if self._stop.is_set():  # the port is closing: nothing more will come
                        raise NotStable("the scale port was closed while waiting for a stable weight") from None
                    # Woken by the next frame (not a sleep): the answer comes right after the
                    # frame that completes a stable window.
                    self._new_frames.wait(min(left_s, NO_DATA_AFTER_S))

    # ---- the port thread -----------------------------------------------------------------

    def _set_status(self, state: PortState, reason: str | None) -> None:
        with self._lock:
            if self._status.state == state and self._status.reason == reason:
                return
            self._status = PortStatus(state, reason, self.settings.url)
            status = self._status
        self._tell("on_status", status)

    def _run(self) -> None:
        backoff_s = BACKOFF_FIRST_S
        while not self._stop.is_set():
            self._set_status(PortState.CONNECTING, None)
            try:
                port = open_serial(self.settings)
            except (serial.SerialException, OSError, ValueError) as exc:
                self._lost(f"cannot open {self.settings.url}: {exc}")
                self._stop.wait(backoff_s)
                backoff_s = min(backoff_s * 2, BACKOFF_MAX_S)
                continue
            backoff_s = BACKOFF_FIRST_S
            try:
                if not self._stop.is_set():  # stop() may have come while we were opening
                    self._read(port)
            except (serial.SerialException, OSError) as exc:
                self._lost(f"{self.settings.url} disconnected: {exc}")
                self._stop.wait(BACKOFF_FIRST_S)
            except Exception as exc:  # a bug must not silently end the thread: say so, retry
                log.exception("scale %s: port thread error", self.settings.url)
                self._lost(f"internal error: {exc!r}")
                self._stop.wait(BACKOFF_MAX_S)
            finally:
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    pass
        self._set_status(PortState.STOPPED, None)

    def _lost(self, reason: str) -> None:
        with self._new_frames:
            self._tracker.reset()  # nothing read before the cable fell out may look fresh
            self._new_frames.notify_all()
        log.info("scale: %s", reason)
        self._set_status(PortState.ERROR, reason)
        self._notify_weight(force=True)

    def _read(self, port: serial.SerialBase) -> None:
        port.reset_input_buffer()  # bytes that waited in the driver are stale: not weights
        decoder = self.protocol.make_decoder()
        with self._lock:
            self._tracker.reset()
        self._set_status(PortState.CONNECTED, None)
        last_data_s = time.monotonic()
        next_poll_s = 0.0
        polling = self.protocol.poll is not None and self.settings.address is not None
        while not self._stop.is_set():
            now_s = time.monotonic()
            if polling and now_s >= next_poll_s:
                port.write(self.protocol.poll(self.settings.address))
                # A fixed schedule (not "interval after this loop"): reads must not stretch it.
                next_poll_s = max(next_poll_s + self.settings.poll_interval_s, now_s)
            data = port.read(READ_CHUNK_BYTES)
            now_s = time.monotonic()
            if not data:
                if now_s - last_data_s > NO_DATA_AFTER_S:
                    self._set_status(PortState.NO_DATA, f"no data for {now_s - last_data_s:.0f} s")
                    self._notify_weight()
                continue
            last_data_s = now_s
            frames = decoder.feed(data, now_s)
            if not frames:
                continue
            with self._new_frames:
                for frame in frames:
                    self._tracker.add(frame)
                self._new_frames.notify_all()
            if self._status.state != PortState.CONNECTED:  # a plain read: cheap on every batch
                self._set_status(PortState.CONNECTED, None)
            for frame in frames:
                self._tell("on_frame", frame)
            self._notify_weight()

    def _notify_weight(self, force: bool = False) -> None:
        now_s = time.monotonic()
        if self._listener is None or (not force and now_s - self._last_weight_notify_s < WEIGHT_NOTIFY_MIN_S):
            return
        self._last_weight_notify_s = now_s
        with self._lock:
            state = self._tracker.state(now_s)
        self._tell("on_weight", state)

    def _tell(self, method: str, value) -> None:
        """A listener's bug is logged, never allowed to stop the port."""
        if self._listener is None:
            return
        try:
            getattr(self._listener, method)(value)
        except Exception:
            log.exception("scale listener %s failed", method)


__all__ = ["ScalePort", "PortState", "PortStatus", "ScaleListener", "ScaleUnavailable", "Capture",
           "NotStable", "WeightState", "NO_SIGNAL"]
