"""Background calls (after Anki's QueryOp): run a callable on a QThreadPool worker and deliver
its result or exception back on the GUI thread, so the GUI never waits on the database.

    ops.run(lambda: auth.login(db, name, pw), on_success=self._logged_in,
            on_failure=self._show_error, parent=self)

Delivery goes through a relay QObject owned by the GUI thread: a signal emitted on the worker
reaches the relay's slot as a queued call, i.e. on the GUI thread. If `parent` has been
deleted by then (window closed meanwhile), the callbacks are skipped."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, what) — total 0 means unknown

# Relays whose call has not been delivered yet.
_pending: set["_Relay"] = set()


class _Relay(QObject):
    # The worker sets `result` or `error` before emitting `finished`, so no Python object has
    # to travel inside a queued Qt event; the signal only says "done".
    finished = Signal()
    progressed = Signal(int, int, str)

    def __init__(self, parent: QWidget | None, on_success, on_failure, on_progress):
        # Owned by the application, not by Python: a relay is released from inside its own
        # slot, and dropping the last Python reference there would delete it mid-call.
        super().__init__(QCoreApplication.instance())
        self._parent = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self.result: Any = None
        self.error: Exception | None = None
        self.finished.connect(self._deliver)
        self.progressed.connect(self._deliver_progress)

    def _parent_gone(self) -> bool:
        return self._parent is not None and not shiboken6.isValid(self._parent)

    @Slot()
    def _deliver(self) -> None:
        _pending.discard(self)
        self.deleteLater()
        if self._parent_gone():
            return
        if self.error is None:
            if self._on_success is not None:
                self._on_success(self.result)
        elif self._on_failure is not None:
            self._on_failure(self.error)
        else:
            from app.windows.messages import show_error
            show_error(self._parent, self.error)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, what: str) -> None:
        if not self._parent_gone():
            self._on_progress(done, total, what)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, with_progress: bool):
        super().__init__()
        self._fn = fn
        self._relay = relay
        self._with_progress = with_progress

    def run(self) -> None:
        relay = self._relay
        try:
            relay.result = self._fn(relay.progressed.emit) if self._with_progress else self._fn()
        except Exception as exc:  # delivered to the GUI thread, which decides what to show
            from app.errors import UserError
            if not isinstance(exc, UserError):
                log.error("background call failed", exc_info=exc)
            relay.error = exc
        relay.finished.emit()


def run(fn: Callable[..., Any], *, on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        on_progress: Progress | None = None,
        parent: QWidget | None = None) -> None:
    """Start `fn` on a worker. With `on_progress`, `fn` is called with a Progress callable it
    may call from the worker. Without `on_failure`, a failure is shown in a message box."""
    relay = _Relay(parent, on_success, on_failure, on_progress)
    _pending.add(relay)
    QThreadPool.globalInstance().start(_Task(fn, relay, on_progress is not None))


def pending() -> int:
    """Calls started but not yet delivered (tests and screenshots wait for 0)."""
    return len(_pending)


def wait_for_workers() -> None:
    """Block until every worker has returned: before the database is closed at exit."""
    QThreadPool.globalInstance().waitForDone()
