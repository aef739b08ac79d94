"""The newest of a stream of quotes: the fee (or refund) is asked again whenever something on
screen changes (a weight settles, a commodity is picked), each time on a worker; only the
answer to the newest question is delivered, so an old answer never overwrites a new screen."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.windows import ops


class Quoter(QObject):
    answered = Signal(object)   # what the newest call returned
    refused = Signal(object)    # what it raised

    def __init__(self, owner: QWidget):
        super().__init__(owner)
        self._owner = owner
        self._generation = 0
        self.running = False

    def request(self, call: Callable[[], Any] | None) -> None:
        """Ask `call` (None: nothing to ask now); any answer still due is dropped."""
        self._generation += 1
        generation = self._generation
        self.running = call is not None
        if call is not None:
            ops.run(call, on_success=lambda result: self._done(generation, result, None),
                    on_failure=lambda exc: self._done(generation, None, exc), parent=self._owner)

    def _done(self, generation: int, result: Any, exc: Exception | None) -> None:
        if generation != self._generation:
            return
        self.running = False
        if exc is None:
            self.answered.emit(result)
        else:
            self.refused.emit(exc)
