"""GUI test fixtures: English interface (tests read messages; test_language switches), no
background call outliving the database it works on, and garbage collected on the GUI thread
only, as in the application (see app.windows.application)."""
from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from app.auth import service as auth
from app.auth.actor import Actor
from app.commands import cli_actor
from app.db.database import Database
from app.windows import ops
from app.windows.application import create_application, install_language
from app.windows.changes import ChangeHub
from app.windows.context import GuiContext

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
PASSWORD = "secret-123"
COUNTER = "Counter 7"


def settle() -> None:
    """Let running background calls finish and deliver their results."""
    ops.wait_for_workers()
    QCoreApplication.processEvents()


@pytest.fixture(scope="session", autouse=True)
def application(qapp):
    """pytest-qt's QApplication, prepared as the program prepares its own."""
    create_application()
    # The controller ends the program itself; a test closing its last window must not.
    qapp.setQuitOnLastWindowClosed(False)
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def english():
    install_language("en")
    yield
    settle()
    install_language("en")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture
def db(db_url):
    """Overrides the shared fixture: waits for the GUI's workers before disposing."""
    database = Database(db_url)
    yield database
    settle()
    database.dispose()


def make_user(db: Database, username: str, role: str, display_name: str = "") -> None:
    auth.create_user(db, cli_actor(), username, display_name or username, PASSWORD, role)


def make_ctx(db: Database, role: str, username: str | None = None) -> GuiContext:
    name = username or f"t_{role}"
    make_user(db, name, role, f"Test {role}")
    actor: Actor = auth.login(db, name, PASSWORD, COUNTER)
    return GuiContext(db, actor, ChangeHub(), COUNTER)


def show_active(qtbot, widget) -> None:
    """Shown and active: window shortcuts only fire in the active window."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
from tests.windows.fake_scale import fake_ports, line_protocol  # noqa: E402,F401  (fixtures, used by name)
