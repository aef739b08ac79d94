"""The Qt binding must keep Python's reference counts.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a void method
(setText, setEnabled, …) and to True on every Signal.emit(); CPython 3.12+ makes those objects
immortal, which hides it. After a few thousand calls the interpreter aborts ("deallocating
None") — minutes of use at a counter. The cure is a PySide6 without the bug (6.11 has none)."""
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 200
SLACK = CALLS // 4  # unrelated references may come and go meanwhile; a leak takes one per call


class _Emitter(QObject):
    ping = Signal()


def test_void_calls_keep_none_alive(qtbot):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
    assert sys.getrefcount(None) > before - SLACK, "this PySide6 leaks None: see module docstring"


def test_emit_keeps_true_alive(qtbot):
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.ping.emit()
    assert sys.getrefcount(True) > before - SLACK, "this PySide6 leaks True: see module docstring"
