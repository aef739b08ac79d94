"""Trying the scale settings on site before saving them: Connect opens the port with what the
form says (in a ScalePort of this panel's own), the big display and the raw monitor show what
arrives, Test capture asks for a stable weight as the weigh desk will, and Disconnect (or
leaving the screen) lets the port go.

The GUI thread never waits on the port: start() only starts the port's thread, while
stop() (which joins that thread) and capture() (which may wait for a stable window) run
on a worker (app.windows.ops). Connect stays disabled until the previous port has let go
of the device, so the same serial port is never opened twice."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.devices.scales.settings import ScaleSettings
from app.errors import UserError, ValidationError
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.device_status import ScaleIndicator
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating
from app.windows.scale_adapter import ScaleAdapter
from app.windows.scale_monitor import RawMonitor
from app.windows.weight_display import WeightDisplay

CAPTURE_WAIT_S = 3.0  # a truck that is still settling gets this long to come to rest


def make_port(settings: ScaleSettings, listener):
    """A ScalePort (imported here: pyserial loads only when someone connects)."""
    from app.devices.scales.port import ScalePort
    return ScalePort(settings, listener)


class ScaleTestPanel(Retranslating, QWidget):
    connected_changed = Signal(bool)
    baud_detected = Signal(int)

    def __init__(self, settings: Callable[[], ScaleSettings], parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        self.port = None
        self.adapter: ScaleAdapter | None = None
        self._stopping = 0       # ports still letting go of their device
        self._capturing = False
        self._result_text: Callable[[], str] = str

        self.connect_action = make_action(self, "F5", self.connect_port)
        self.disconnect_action = make_action(self, "F6", self.disconnect_port)
        self.capture_action = make_action(self, "F9", self.test_capture)
        self.detect_action = make_action(self, "F7", self.detect_baud)
        self.connect_button, self.disconnect_button, self.capture_button, self.detect_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.connect_button.clicked.connect(self.connect_port)
        self.disconnect_button.clicked.connect(self.disconnect_port)
        self.capture_button.clicked.connect(self.test_capture)
        self.detect_button.clicked.connect(self.detect_baud)
        self._detecting = False
        buttons = QHBoxLayout()
        for button in (self.connect_button, self.disconnect_button, self.capture_button, self.detect_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.status = ScaleIndicator()
        self.status.setObjectName("test_port_status")
        self.status.setWordWrap(True)
        self.weight = WeightDisplay()
        self.result = QLabel()
        self.result.setObjectName("capture_result")
        self.result.setWordWrap(True)
        self.monitor = RawMonitor()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.weight, 2)
        layout.addWidget(self.result)
        layout.addWidget(self.monitor, 3)
        self._sync()
        self.retranslate()

    def retranslate(self) -> None:
        for action, button, text in ((self.connect_action, self.connect_button, self.tr("Connect")),
                                     (self.disconnect_action, self.disconnect_button,
                                      self.tr("Disconnect")),
                                     (self.capture_action, self.capture_button,
                                      self.tr("Test capture")),
                                     (self.detect_action, self.detect_button, self.tr("Detect baud rate"))):
            set_action_text(action, text)
            button.setText(action.text())
        self.result.setText(self._result_text())

    def _sync(self) -> None:
        connected = self.port is not None
        for action, button, enabled in (
                (self.connect_action, self.connect_button, not connected and not self._stopping
                 and not self._detecting),
                (self.disconnect_action, self.disconnect_button, connected),
                (self.capture_action, self.capture_button, connected and not self._capturing),
                (self.detect_action, self.detect_button, not connected and not self._stopping
                 and not self._detecting)):
            action.setEnabled(enabled)
            button.setEnabled(enabled)

    def _show_result(self, text: Callable[[], str]) -> None:
        self._result_text = text
        self.result.setText(text())

    # ---- connect / disconnect ---------------------------------------------------------------

    def connect_port(self) -> None:
        if not self.connect_action.isEnabled():
            return
        adapter = ScaleAdapter(self)
        try:
            settings = self._settings()
            if not settings.url:
                raise ValidationError(self.tr("Enter the port to connect to."))
            port = make_port(settings, adapter)
        except Exception as exc:  # refused settings: said on the panel, nothing opened
            adapter.deleteLater()
            self._show_result(lambda exc=exc: error_text(exc))
            return
        adapter.status_changed.connect(self.status.show_status)
        adapter.weight_changed.connect(self.weight.show_weight)
        adapter.frame_received.connect(self.monitor.add_frame)
        self.port, self.adapter = port, adapter
        self.monitor.clear()
        self._show_result(str)
        self.connected_changed.emit(True)  # first: the counter's own port lets go of the device
        port.start()
        self._sync()

    def disconnect_port(self) -> None:
        if self.port is None:
            return
        port, adapter = self.port, self.adapter
        self.port = self.adapter = None
        adapter.detach()       # from here on the port's thread cannot reach this panel
        adapter.deleteLater()
        self._stopping += 1
        ops.run(port.stop, on_success=self._stopped, on_failure=self._stopped, parent=self)
        self.status.show_status(None)
        self.weight.show_weight(None)
        self._sync()

    def _stopped(self, _result=None) -> None:
        self._stopping -= 1
        self._sync()
        self._release_device()

    def _release_device(self) -> None:
        """Only once nothing of this panel holds the device may the counter's port reopen it."""
        if self.port is None and not self._stopping and not self._detecting:
            self.connected_changed.emit(False)

    def hideEvent(self, event: QHideEvent) -> None:
        # Another screen, log out or quit: a test port must not stay open behind the user's
        # back. A spontaneous hide is the window being minimised: the technician comes back.
        if not event.spontaneous():
            self.disconnect_port()
        super().hideEvent(event)

    # ---- baud rate --------------------------------------------------------------------------

    def detect_baud(self) -> None:
        """Listen at each rate on the configured port (never write) until frames validate."""
        if not self.detect_action.isEnabled():
            return
        try:
            settings = self._settings()
            if not settings.url:
                raise ValidationError(self.tr("Enter the port to connect to."))
        except Exception as exc:
            self._show_result(lambda exc=exc: error_text(exc))
            return
        from app.devices.scales.baud import detect_baud
        self._detecting = True
        self._sync()
        self.connected_changed.emit(True)  # the counter's own port lets go of the device
        self._show_result(lambda: self.tr("Listening at each baud rate…"))
        ops.run(lambda: detect_baud(settings), on_success=self._baud_found,
                on_failure=self._baud_not_found, parent=self)

    def _baud_done(self) -> None:
        self._detecting = False
        self._sync()
        self._release_device()

    def _baud_found(self, rate: int) -> None:
        self._baud_done()
        self.baud_detected.emit(rate)
        self._show_result(lambda: self.tr("Frames validate at %1 baud.").replace("%1", str(rate)))

    def _baud_not_found(self, exc: Exception) -> None:
        self._baud_done()
        self._show_result(lambda exc=exc: error_text(exc))

    # ---- capture ----------------------------------------------------------------------------

    def test_capture(self) -> None:
        if not self.capture_action.isEnabled():
            return
        port = self.port
        self._capturing = True
        self._sync()
        self._show_result(lambda: self.tr("Waiting for a stable weight…"))
        ops.run(lambda: port.capture(CAPTURE_WAIT_S), on_success=self._captured,
                on_failure=self._not_captured, parent=self)

    def _captured(self, capture) -> None:
        self._capturing = False
        self._sync()
        self._show_result(lambda: self.tr("Captured %1 %2 (%3 g), stable over %4 readings.")
                          .replace("%1", capture.display).replace("%2", capture.unit)
                          .replace("%3", f"{capture.weight_g:,}")
                          .replace("%4", str(len(capture.frames))))

    def _not_captured(self, exc: Exception) -> None:
        self._capturing = False
        self._sync()
        if isinstance(exc, UserError):  # NotStable says why: moving, empty, no signal ...
            self._show_result(lambda: self.tr("Not captured: %1").replace("%1", str(exc)))
        else:
            self._show_result(lambda: error_text(exc))
