"""Finding the account at the recharge desk: the clerk types an account number, a name, its
pinyin initials, a phone number or a plate; the hits follow as they type (queried off the GUI
thread, app.windows.master_typing); Enter takes the first hit (Down/Up walk the list first)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.recharge.accounts import AccountInfo
from app.windows.master_typing import TypingSearch
from app.windows.messages import error_text
from app.windows.recharge_format import money, status_title
from app.windows.retranslate import Retranslating

HITS_MAX = 20


class FindField(QLineEdit):
    """Down and Up walk the hits without leaving the field."""
    walked = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.walked.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        super().keyPressEvent(event)


class AccountFinder(Retranslating, QWidget):
    chosen = Signal(object)     # AccountInfo
    answered = Signal()         # the hits match the text typed now

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recharge_find")
        self.hits: list[AccountInfo] = []
        self.caption = QLabel()
        self.field = FindField()
        self.field.setObjectName("account_find")
        self.field.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("account_hits")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the keyboard stays in the field
        self.message = QLabel()
        self.message.setObjectName("find_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.field)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        self.typing = TypingSearch(lambda text: _find(db, text), self)
        self.field.textEdited.connect(self._typed)
        self.field.returnPressed.connect(self.take)
        self.field.walked.connect(self._walk)
        self.typing.found.connect(self._found)
        self.typing.failed.connect(lambda exc: self.message.setText(error_text(exc)))
        self.list.itemActivated.connect(lambda _item: self._take_row(self.list.currentRow()))
        self.list.itemClicked.connect(lambda _item: self._take_row(self.list.currentRow()))
        self.setFocusProxy(self.field)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Find account (Ctrl+F)"))
        self.field.setPlaceholderText(self.tr("account number, name, pinyin initials, phone or plate; Enter takes "
                                              "the first"))
        self._fill()

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def _typed(self, text: str) -> None:
        self.message.clear()
        if text.strip():
            self.typing.typed(text.strip())
        else:
            self.typing.typed("")

    def _found(self, hits: list[AccountInfo]) -> None:
        self.hits = list(hits) if self.typing.text else []
        self._fill()
        if self.typing.text and not self.hits:
            self.message.setText(self.tr("No prepaid account matches “%1”.").replace("%1", self.typing.text))
        else:
            self.message.clear()
        self.answered.emit()

    def _fill(self) -> None:
        self.list.clear()
        for info in self.hits:
            text = f"{info.code}  {info.name}  {info.phone}  {money(info.balance_fen)}"
            if info.status != "active":
                text += f"  [{status_title(info.status)}]"
            item = QListWidgetItem(text)
            if info.status != "active":
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        if self.hits:
            self.list.setCurrentRow(0)

    def _walk(self, step: int) -> None:
        if self.hits:
            row = max(0, min(len(self.hits) - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)

    def take(self) -> None:
        """Enter: the highlighted hit (the first unless Down/Up moved), once the answer for
        what is typed now is in."""
        text = self.field.text().strip()
        if not text:
            return
        if self.typing.text != text:
            self.typing.typed(text)

        def pick(_hits) -> None:
            if not self.hits:
                self.message.setText(self.tr("No prepaid account matches “%1”.").replace("%1", text))
                return
            self._take_row(max(0, self.list.currentRow()))
        self.typing.when_answered(pick)

    def _take_row(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.chosen.emit(self.hits[row])

    def clear(self) -> None:
        self.field.clear()
        self.typing.typed("")
        self.hits = []
        self._fill()
        self.message.clear()


def _find(db, text: str) -> list[AccountInfo]:
    from app.recharge.accounts import find_accounts
    return find_accounts(db, text, HITS_MAX) if text else []
