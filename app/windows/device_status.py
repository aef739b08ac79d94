"""The corner of the status bar where devices report (scale stable/moving, printer ready,
meter bus online). Each device adds one indicator."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.windows.printer_indicator import PrinterIndicator
from app.windows.retranslate import Retranslating

# PortState values (app.devices.scales.port): compared as text, so the status bar does not
# import the port module (and pyserial) just to say "off".
SCALE_COLORS = {"connected": "#1f7a34", "connecting": "#8a6d00", "no_data": "#b05a00",
                "error": "#b00020"}


class ScaleIndicator(Retranslating, QLabel):
    """Says "Scale: connected / no data / error: reason / off" for the counter's scale port."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scale_status")
        self._status = None
        self.retranslate()

    def show_status(self, status) -> None:
        """A PortStatus, or None when no port runs (no scale, or not started)."""
        self._status = status
        self.retranslate()

    def retranslate(self) -> None:
        status = self._status
        state = "stopped" if status is None else str(status.state)
        reason = status.reason if status is not None and status.reason else ""
        texts = {"connected": self.tr("Scale: connected"),
                 "connecting": self.tr("Scale: connecting…"),
                 "no_data": self.tr("Scale: no data"),
                 "error": self.tr("Scale: error: %1").replace("%1", reason)}
        self.setText(texts.get(state, self.tr("Scale: off")))
        self.setToolTip("" if status is None else status.url)
        color = SCALE_COLORS.get(state)
        self.setStyleSheet(f"padding: 0 10px; color: {color};" if color else "padding: 0 10px;")


class DeviceStatusArea(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("device_status")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.scale = ScaleIndicator()
        self.add_indicator(self.scale)
        self.printer = PrinterIndicator()  # fed by the main window (PrintQueueWatch, PrintStation)
        self.add_indicator(self.printer)

    def add_indicator(self, indicator: QWidget) -> None:
        self._layout.addWidget(indicator)
