"""The corner of the status bar where devices report (scale stable/moving, printer ready,
meter bus online). Empty until the device issues add their indicators."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget


class DeviceStatusArea(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("device_status")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def add_indicator(self, indicator: QWidget) -> None:
        self._layout.addWidget(indicator)
