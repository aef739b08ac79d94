"""Times on the master-data screens: stored naive UTC, shown in this counter's local time;
and the "effective now, or from …" choice of a price change."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QButtonGroup, QDateTimeEdit, QHBoxLayout, QRadioButton, QWidget

from app.db.clock import to_local
from app.windows.retranslate import Retranslating

SHOWN_FORMAT = "%Y-%m-%d %H:%M"
EDIT_FORMAT = "yyyy-MM-dd HH:mm"


def local_text(value: datetime | None) -> str:
    return "" if value is None else to_local(value).strftime(SHOWN_FORMAT)


def next_midnight() -> datetime:
    """Tomorrow 00:00 here: when most price changes start."""
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=1)


class EffectiveTimeField(Retranslating, QWidget):
    """Now (the default), or from a local date and time. The service refuses the past and more
    than a year ahead, against the database clock."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.now_button = QRadioButton()
        self.from_button = QRadioButton()
        self.group = QButtonGroup(self)
        self.group.addButton(self.now_button)
        self.group.addButton(self.from_button)
        self.at = QDateTimeEdit()
        self.at.setDisplayFormat(EDIT_FORMAT)
        self.at.setCalendarPopup(True)
        self.from_button.toggled.connect(self.at.setEnabled)
        self.from_button.toggled.connect(lambda on: on and self.at.setFocus())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.now_button)
        layout.addWidget(self.from_button)
        layout.addWidget(self.at, 1)
        self.reset()
        self.retranslate()

    def retranslate(self) -> None:
        self.now_button.setText(self.tr("Now"))
        self.from_button.setText(self.tr("From"))

    def reset(self) -> None:
        self.now_button.setChecked(True)
        self.at.setEnabled(False)
        self.at.setDateTime(QDateTime(next_midnight()))

    def set_from(self, local: datetime) -> None:
        """Effective from this local time (naive)."""
        self.from_button.setChecked(True)
        self.at.setDateTime(QDateTime(local))

    def value(self) -> datetime | None:
        """None for now, else an aware time (the service stores it as UTC)."""
        if self.now_button.isChecked():
            return None
        return self.at.dateTime().toPython().replace(second=0, microsecond=0).astimezone()
