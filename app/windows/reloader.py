"""Reload something from the database off the GUI thread whenever it may have changed, at most
one load at a time: requests that arrive while a load runs make one more load after it. A
burst of changes (a job claimed, failed, claimed again …) costs two queries, not one each,
and the newest state always arrives last."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.windows import ops


class Reloader(QObject):
    loaded = Signal(object)   # what `load` returned
    failed = Signal(object)   # the exception it raised

    def __init__(self, load: Callable[[], Any], parent: QObject):
        super().__init__(parent)
        self._load = load
        self._running = False
        self._again = False

    @property
    def running(self) -> bool:
        return self._running

    def request(self, *_ignored) -> None:
        """Connectable to any signal: its arguments do not matter, the load reads everything."""
        if self._running:
            self._again = True
            return
        self._running = True
        self._again = False
        # Parent self: when the owner goes (window closed), a late result is dropped.
        ops.run(self._load, on_success=self._done, on_failure=self._failed, parent=self)

    def _done(self, result: Any) -> None:
        self._finish()
        self.loaded.emit(result)

    def _failed(self, exc: Exception) -> None:
        self._finish()
        self.failed.emit(exc)

    def _finish(self) -> None:
        self._running = False
        if self._again:
            self.request()
