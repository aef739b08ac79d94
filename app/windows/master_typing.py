"""Search as you type for the master-data screens: each keystroke restarts a short pause, the
query runs on a worker (app.windows.ops), and an answer for text that has changed meanwhile is
dropped, so a list always matches its field. Enter asks for the answer to what is typed now:
given at once when it is in, else as soon as it arrives."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.windows import ops

TYPING_PAUSE_MS = 150


class TypingSearch(QObject):
    found = Signal(object)     # the answer for the text that is in the field now
    failed = Signal(object)    # the exception of the last query

    def __init__(self, query: Callable[[str], Any], parent: QObject | None = None,
                 pause_ms: int = TYPING_PAUSE_MS):
        super().__init__(parent)
        self._query = query
        self._text = ""
        self._answered: str | None = None   # the text the last delivered answer belongs to
        self._asked: str | None = None      # the text of the query running now
        self.result: Any = None
        self._waiting: list[Callable[[Any], None]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self._run)

    @property
    def text(self) -> str:
        return self._text

    def typed(self, text: str) -> None:
        self._text = text
        self._answered = None
        self._timer.start()

    def run_now(self, text: str | None = None) -> None:
        """Query at once (a refresh after a save, or the first fill)."""
        if text is not None:
            self._text = text
        self._answered = None
        self._timer.stop()
        self._run()

    def when_answered(self, callback: Callable[[Any], None]) -> None:
        """`callback(answer)` for the text typed now: at once when that answer is in."""
        if self._answered == self._text and not self._timer.isActive():
            callback(self.result)
            return
        self._waiting.append(callback)
        if self._timer.isActive() or self._asked != self._text:   # no need to wait for the pause
            self._timer.stop()
            self._run()

    def _run(self) -> None:
        text, query = self._text, self._query
        self._asked = text
        ops.run(lambda: query(text), on_success=lambda answer: self._arrived(text, answer),
                on_failure=lambda exc: self._failed(text, exc), parent=self)

    def _arrived(self, text: str, answer: Any) -> None:
        if self._asked == text:
            self._asked = None
        if text != self._text or self._timer.isActive():
            return  # typed on meanwhile: a newer query is coming
        self._answered, self.result = text, answer
        self.found.emit(answer)
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback(answer)

    def _failed(self, text: str, exc: Exception) -> None:
        if self._asked == text:
            self._asked = None
        if text == self._text:
            self._waiting.clear()
            self.failed.emit(exc)
