"""Background calls deliver on the GUI thread and never call into a deleted window."""
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import ValidationError
from app.windows import ops


def test_result_arrives_on_the_gui_thread(qtbot):
    gui_thread = QThread.currentThread()
    seen = {}

    def work():
        seen["worker"] = QThread.currentThread()
        return 42

    ops.run(work, on_success=lambda r: seen.update(result=r, thread=QThread.currentThread()))
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["thread"] is gui_thread
    assert seen["worker"] is not gui_thread
    assert ops.pending() == 0


def test_exception_goes_to_on_failure(qtbot):
    failures = []

    def work():
        raise ValidationError("count: must be positive")

    ops.run(work, on_success=lambda r: failures.append("succeeded?"), on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ValidationError)


def test_progress_is_reported_in_order(qtbot):
    steps, done = [], []

    def work(progress):
        for i in range(3):
            progress(i + 1, 3, f"step {i + 1}")
        return "ok"

    ops.run(work, on_success=done.append, on_progress=lambda *p: steps.append(p))
    qtbot.waitUntil(lambda: bool(done))
    assert steps == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]


def test_failure_without_handler_shows_a_message(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work():
        raise ValidationError("name: must not be empty")

    ops.run(work, parent=parent)
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox) is not None)
    box = parent.findChild(QMessageBox)
    assert box.text() == "Please check the input."
    assert box.informativeText() == "name: must not be empty"
    box.close()


def test_no_callback_after_the_window_is_gone(qtbot):
    parent = QWidget()
    called = []
    ops.run(lambda: 1, on_success=called.append, parent=parent)
    parent.deleteLater()
    qtbot.waitUntil(lambda: ops.pending() == 0)
    assert called == []
