"""The one place where a scale port meets Qt: a ScalePort listener (called on the port's own
thread) whose calls come out as signals on the GUI thread.

The port thread never touches a widget: it only stores what arrived and, at most once until
the GUI has caught up, posts a wake-up event. The GUI thread then delivers at most
DELIVERIES_PER_S batches a second: every status change, the frames still in a bounded list
(the oldest are dropped when the GUI falls behind, and counted), and only the newest weight,
because a display wants the latest state, not a backlog. Nothing is lost at the end of a
burst: the last weight always arrives.

After detach() the port's calls are ignored, so a port that takes a while to stop can never
reach an adapter (or a screen) that is being deleted."""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

DELIVERIES_PER_S = 20      # a weight display cannot be read faster; repainting costs
FRAMES_KEPT_MAX = 200      # raw monitor backlog between two deliveries
STATUSES_KEPT_MAX = 50     # status changes are rare; a flapping cable must not grow memory


class ScaleAdapter(QObject):
    frame_received = Signal(object)   # app.devices.scales.frame.Frame
    status_changed = Signal(object)   # app.devices.scales.port.PortStatus
    weight_changed = Signal(object)   # app.devices.scales.stability.WeightState
    _wake = Signal()                  # port thread -> GUI thread: something is waiting

    def __init__(self, parent: QObject | None = None, *, frames_max: int = FRAMES_KEPT_MAX,
                 deliveries_per_s: float = DELIVERIES_PER_S,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self._interval_s = 1.0 / deliveries_per_s
        self._clock = clock
        self._lock = threading.Lock()  # guards everything below that the port thread writes
        self._attached = True
        self._wake_posted = False
        self._frames: deque = deque(maxlen=frames_max)
        self._statuses: deque = deque(maxlen=STATUSES_KEPT_MAX)
        self._weight = None
        self.frames_dropped = 0        # frames the GUI never saw because it fell behind
        self._delivered_at_s = -math.inf
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._deliver)
        # Queued even when emitted on the GUI thread: delivery always happens from the event loop.
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # ---- the listener: called on the port thread ----------------------------------------

    def on_frame(self, frame) -> None:
        with self._lock:
            if not self._attached:
                return
            if len(self._frames) == self._frames.maxlen:
                self.frames_dropped += 1
            self._frames.append(frame)
            self._post_locked()

    def on_status(self, status) -> None:
        with self._lock:
            if not self._attached:
                return
            self._statuses.append(status)
            self._post_locked()

    def on_weight(self, state) -> None:
        with self._lock:
            if not self._attached:
                return
            self._weight = state
            self._post_locked()

    def _post_locked(self) -> None:
        if not self._wake_posted:
            self._wake_posted = True
            self._wake.emit()  # posts an event to the GUI thread; returns at once

    # ---- GUI thread ---------------------------------------------------------------------

    def detach(self) -> None:
        """Ignore the port from now on (it may still be stopping on another thread)."""
        with self._lock:
            self._attached = False
            self._frames.clear()
            self._statuses.clear()
            self._weight = None
        self._timer.stop()

    @Slot()
    def _deliver(self) -> None:
        wait_s = self._delivered_at_s + self._interval_s - self._clock()
        if wait_s > 0:
            # Too soon after the last batch: come back when it is time. The wake-up stays
            # "posted", so the port thread adds to the batch instead of posting again.
            self._timer.start(max(1, math.ceil(wait_s * 1000)))
            return
        with self._lock:
            statuses, frames, weight = list(self._statuses), list(self._frames), self._weight
            self._statuses.clear()
            self._frames.clear()
            self._weight = None
            self._wake_posted = False
        self._delivered_at_s = self._clock()
        for status in statuses:
            self.status_changed.emit(status)
        for frame in frames:
            self.frame_received.emit(frame)
        if weight is not None:
            self.weight_changed.emit(weight)
