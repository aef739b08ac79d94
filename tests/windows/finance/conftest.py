"""The finance GUI tests run in the weigh-desk tests' small market (a cashier and a manager on
shift at 1号收费台) with a finance clerk (王出纳) at 财务室."""
from PySide6.QtWidgets import QApplication

from app.windows.changes import ChangeHub
from app.windows.context import GuiContext
from tests.desk.conftest import COUNTER, market  # noqa: F401  (a fixture, used by name)
from tests.finance.conftest import finance  # noqa: F401
from tests.recharge.conftest import clerk  # noqa: F401


def gui(market, actor) -> GuiContext:  # noqa: F811
    return GuiContext(market.db, actor, ChangeHub(), actor.counter or COUNTER)


def typed(qtbot, text: str) -> None:
    """Typed into whatever has the keyboard, as a cashier types."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def key(qtbot, key_code, modifier=None) -> None:
    from PySide6.QtCore import Qt
    qtbot.keyClick(QApplication.focusWidget(), key_code, modifier or Qt.KeyboardModifier.NoModifier)
