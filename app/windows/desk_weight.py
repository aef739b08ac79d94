"""The desk's view of the counter's scale: the newest weight state for the display, the stable
gross weight the fee is quoted on, and the capture that is charged.

What is shown is only ever a preview: the charge uses a capture taken from the port when the
cashier confirms (its stable window and raw frames go with the ticket). capture() waits for a
stable window, so it runs on a worker (app.windows.ops), never on the GUI thread."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.errors import UserError

if TYPE_CHECKING:
    from app.devices.scales.stability import Capture, WeightState
    from app.weighing.capture import ScaleCapture
    from app.windows.counter_scale import CounterScale

CAPTURE_WAIT_S = 3.0        # a truck still settling gets this long to come to rest
FRAMES_KEPT_MAX = 200       # app.weighing.capture.FRAMES_MAX: the newest frames of the window

translate = QCoreApplication.translate


class ScaleMissing(UserError):
    """No scale runs at this counter (none set up, or its settings could not start it)."""


class LiveWeight(QObject):
    state_changed = Signal(object)          # WeightState (or None: no port)
    stable_weight_changed = Signal(object)  # grams of a stable, loaded scale, or None

    def __init__(self, scale: "CounterScale | None", parent: QObject | None = None):
        super().__init__(parent)
        self._scale = scale
        self.state: WeightState | None = None
        self.stable_g: int | None = None
        port = None if scale is None else scale.port
        # Without a counter scale (isolated screens, screenshots) whatever is shown is shown.
        self._port_live = scale is None or (port is not None and _live(port.status()))
        if scale is not None:
            scale.adapter.weight_changed.connect(self.show)
            scale.adapter.status_changed.connect(self._port_status)
            if port is not None:
                self.show(port.weight())

    def show(self, state: "WeightState | None") -> None:
        if not self._port_live:
            state = None  # a weight that was on its way when the port stopped
        self.state = state
        self.state_changed.emit(state)
        stable = stable_grams(state)
        if stable != self.stable_g:
            self.stable_g = stable
            self.stable_weight_changed.emit(stable)

    def _port_status(self, status) -> None:
        # A stopped port (the Scale screen is testing it, the settings changed) says nothing
        # more about the weight: what is on screen must not stay as if it were live.
        self._port_live = _live(status)
        if not self._port_live:
            self.show(None)

    def capture_call(self):
        """The call to run on a worker: the port's stable capture as a ScaleCapture."""
        scale = self._scale
        port = None if scale is None else scale.port
        # Said here, on the GUI thread: the worker only raises it.
        missing = (scale.error if scale is not None and scale.error else "") or translate(
            "LiveWeight", "no scale is running at this counter: set it up in Scale, or enter the weight by "
                          "hand (Ctrl+M)")

        def capture() -> "ScaleCapture":
            if port is None:
                raise ScaleMissing(missing)
            return to_scale_capture(port.capture(CAPTURE_WAIT_S))
        return capture


def _live(status) -> bool:
    """PortState compared as text: the desk does not import the port module (and pyserial)."""
    return status is not None and str(status.state) in ("connected", "no_data")


def stable_grams(state: "WeightState | None") -> int | None:
    """The weight a fee may be quoted on: stable, positive, in range, with a signal."""
    if state is None or state.no_signal or not state.stable or state.weight_g is None:
        return None
    if state.zero or state.negative or state.overload or state.underload or state.weight_g <= 0:
        return None
    return state.weight_g


def to_scale_capture(capture: "Capture", *, wall_now: datetime | None = None,
                     monotonic_now: float | None = None) -> "ScaleCapture":
    """Frames carry the port thread's monotonic arrival time; the ticket keeps wall-clock UTC
    times, so each is placed back from now by its age."""
    from app.weighing.capture import ScaleCapture
    wall_now = wall_now or datetime.now(timezone.utc)
    monotonic_now = time.monotonic() if monotonic_now is None else monotonic_now
    frames = capture.frames[-FRAMES_KEPT_MAX:]
    stamped = tuple(((wall_now - timedelta(seconds=monotonic_now - f.at_s)).isoformat(timespec="milliseconds"),
                     f.raw.hex()) for f in frames)
    return ScaleCapture(capture.weight_g, stamped)
