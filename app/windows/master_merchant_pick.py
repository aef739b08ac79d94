"""Choosing a vehicle's merchant by typing: name, pinyin initials, code or phone; the hits
appear under the field as you type, Down and Up walk them, Enter takes the walked-to one (or
the first), Esc closes them. The field keeps the keyboard throughout. An empty field means
no merchant."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.weighing.merchants import MerchantInfo, MerchantSummary
from app.windows.master_terms import merchant_kind_short, merchant_status
from app.windows.master_typing import TypingSearch
from app.windows.retranslate import Retranslating

HITS_MAX = 8
ROWS_SHOWN = 4


def merchant_text(m: MerchantSummary) -> str:
    return f"{m.code}  {m.name}" if m.name else m.code


class MerchantPicker(Retranslating, QWidget):
    picked = Signal(object)   # the MerchantSummary taken (None: the field was cleared)

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self._merchant: MerchantSummary | None = None
        self.field = QLineEdit()
        self.field.setObjectName("merchant_pick")
        self.field.setClearButtonEnabled(True)
        self.hits = QListWidget()
        self.hits.setObjectName("merchant_hits")
        self.hits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hits.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hits.itemClicked.connect(lambda item: self._take(item.data(Qt.ItemDataRole.UserRole)))
        self.hits.hide()
        self.state = QLabel()
        self.state.setObjectName("merchant_state")
        self.typing = TypingSearch(lambda text: _search(db, text), self)
        self.typing.found.connect(self._found)
        self._setting = False   # the field is being set to the merchant taken: no search
        self.field.textChanged.connect(self._edited)
        self.field.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.field)
        layout.addWidget(self.hits)
        layout.addWidget(self.state)
        self.setFocusProxy(self.field)
        self.retranslate()

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("name, initials, code or phone; Enter takes the first"))
        self._show_state()

    # ---- the choice -------------------------------------------------------------------------

    def merchant(self) -> MerchantSummary | None:
        return self._merchant

    def unresolved(self) -> bool:
        """Text typed but no merchant taken from it."""
        return self._merchant is None and bool(self.field.text().strip())

    def set_merchant(self, merchant: MerchantSummary | None) -> None:
        self._merchant = merchant
        self._setting = True
        try:
            self.field.setText(merchant_text(merchant) if merchant else "")
        finally:
            self._setting = False
        self.hits.hide()
        self._show_state()

    def _take(self, merchant: MerchantSummary | None) -> None:
        self.set_merchant(merchant)
        self.picked.emit(merchant)

    def _show_state(self) -> None:
        m = self._merchant
        if m is not None:
            self.state.setText(f"{merchant_kind_short(m.kind)} · {merchant_status(m.status)}")
        elif self.unresolved():
            self.state.setText(self.tr("not chosen yet: Enter takes the first hit"))
        else:
            self.state.setText(self.tr("no merchant"))

    # ---- typing -----------------------------------------------------------------------------

    def _edited(self, text: str) -> None:
        if self._setting:
            return
        self._merchant = None   # what was taken no longer matches the field
        self._show_state()
        self.typing.typed(text)

    def _found(self, merchants: list[MerchantSummary]) -> None:
        self.hits.clear()
        for m in merchants:
            item = QListWidgetItem(f"{merchant_text(m)}  ({merchant_kind_short(m.kind)})")
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.hits.addItem(item)
        if merchants and self.field.hasFocus() and self._merchant is None:
            rows = min(len(merchants), ROWS_SHOWN)
            self.hits.setFixedHeight(rows * max(self.hits.sizeHintForRow(0), 1) + 4)
            self.hits.setCurrentRow(-1)
            self.hits.show()
        else:
            self.hits.hide()

    def hit_texts(self) -> list[str]:
        return [self.hits.item(i).text() for i in range(self.hits.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.hits.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.hits.setCurrentRow(max(0, min(self.hits.count() - 1, self.hits.currentRow() + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
            if key == Qt.Key.Key_Escape and self.hits.isVisible():
                self.hits.hide()
                return True
        if watched is self.field and event.type() == QEvent.Type.FocusOut:
            self.hits.hide()
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        if not self.field.text().strip():
            self._take(None)
            return
        if self._merchant is not None:
            self.picked.emit(self._merchant)   # already taken: Enter just moves on
            return
        walked = self.hits.currentItem() if self.hits.isVisible() else None
        if walked is not None:
            self._take(walked.data(Qt.ItemDataRole.UserRole))
            return

        def first(merchants: list[MerchantSummary]) -> None:
            if merchants:
                self._take(merchants[0])
        self.typing.when_answered(first)


def _search(db, text: str) -> list[MerchantSummary]:
    from app.weighing.merchants import search_merchants
    if not text.strip():
        return []
    found: list[MerchantInfo] = search_merchants(db, text, HITS_MAX)
    return [m.summary for m in found]
