"""The raw monitor for the technician on site: the last frames as they came off the wire (hex)
and as the protocol decoded them (the JSON of `marketdesk scale decode`), one line each, with
the time since the previous frame. Read-only text, so a line can be copied into a support
request; Pause freezes it to read a fast stream."""
from __future__ import annotations

import json

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.windows.actions import make_action, set_action_text
from app.windows.retranslate import Retranslating

LINES_MAX = 200


def frame_line(frame, previous_at_s: float | None) -> str:
    gap = "      " if previous_at_s is None else f"+{frame.at_s - previous_at_s:5.3f}"
    decoded = {k: v for k, v in frame.to_json().items() if k != "raw"}
    return f"{gap}  {frame.raw.hex(' ')}  {json.dumps(decoded, ensure_ascii=False)}"


class RawMonitor(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None, lines_max: int = LINES_MAX):
        super().__init__(parent)
        self.lines_max = lines_max
        self._previous_at_s: float | None = None
        self.title = QLabel()
        self.text = QPlainTextEdit()
        self.text.setObjectName("raw_monitor")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setMaximumBlockCount(lines_max)  # Qt drops the oldest lines itself
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.paused = False
        self.pause_action = make_action(self, "F8", self.toggle_pause)
        self.pause_button = QPushButton()
        self.pause_button.setCheckable(True)
        self.pause_button.clicked.connect(lambda _checked=False: self.toggle_pause())
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.pause_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.text, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Raw monitor: the last %1 frames (time since the previous "
                                   "one, bytes in hex, decoded)").replace("%1", str(self.lines_max)))
        set_action_text(self.pause_action, self.tr("Pause"))
        self.pause_button.setText(self.pause_action.text())

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.pause_button.setChecked(self.paused)

    def add_frame(self, frame) -> None:
        if self.paused:
            self._previous_at_s = None  # the gap across a pause says nothing about the line
            return
        self.text.appendPlainText(frame_line(frame, self._previous_at_s))
        self._previous_at_s = frame.at_s

    def clear(self) -> None:
        self.text.clear()
        self._previous_at_s = None

    def lines(self) -> list[str]:
        return self.text.toPlainText().splitlines()
