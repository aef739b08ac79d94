"""Counting a drawer by denomination on screen: one row per banknote or coin (100 … 0.1 yuan),
the number of pieces typed in, the row's subtotal and the total shown as they are typed.
Tab walks down the rows; used by the shift close and by finance's receipt."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QGridLayout, QLabel, QSpinBox, QWidget

from app.finance.denominations import DENOMINATIONS_FEN, PIECES_MAX, CashCount
from app.windows.desk_format import money
from app.windows.retranslate import Retranslating

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def denomination_text(fen: int) -> str:
    """10000 -> '¥100', 50 -> '¥0.5', 10 -> '¥0.1': as printed on the note or coin."""
    yuan, rest = divmod(fen, 100)
    return f"¥{yuan}" if not rest else f"¥{fen / 100:g}"


class DenominationGrid(Retranslating, QWidget):
    changed = Signal(int)   # the total counted, fen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("denomination_grid")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.headers = [QLabel(), QLabel(), QLabel()]
        for column, header in enumerate(self.headers):
            layout.addWidget(header, 0, column)
        self.pieces: dict[int, QSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}
        for row, denomination in enumerate(DENOMINATIONS_FEN, start=1):
            spin = QSpinBox()
            spin.setObjectName(f"pieces_{denomination}")
            spin.setRange(0, PIECES_MAX)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            spin.setAlignment(_RIGHT)
            spin.valueChanged.connect(self._recount)
            subtotal = QLabel()
            subtotal.setAlignment(_RIGHT)
            layout.addWidget(QLabel(denomination_text(denomination)), row, 0)
            layout.addWidget(spin, row, 1)
            layout.addWidget(subtotal, row, 2)
            self.pieces[denomination], self.subtotals[denomination] = spin, subtotal
        self.total_title = QLabel()
        self.total_label = QLabel()
        self.total_label.setObjectName("count_total")
        self.total_label.setAlignment(_RIGHT)
        font = self.total_label.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.total_label.setFont(font)
        last = len(DENOMINATIONS_FEN) + 1
        layout.addWidget(self.total_title, last, 0, 1, 2)
        layout.addWidget(self.total_label, last, 2)
        spins = list(self.pieces.values())
        for before, after in zip(spins, spins[1:]):
            QWidget.setTabOrder(before, after)
        self.setFocusProxy(spins[0])
        self.retranslate()
        self._recount()

    def retranslate(self) -> None:
        for header, text in zip(self.headers, (self.tr("Note / coin"), self.tr("Pieces"), self.tr("Amount"))):
            header.setText(text)
        self.total_title.setText(self.tr("Total counted"))

    @property
    def first_field(self) -> QSpinBox:
        return self.pieces[DENOMINATIONS_FEN[0]]

    @property
    def last_field(self) -> QSpinBox:
        return self.pieces[DENOMINATIONS_FEN[-1]]

    def count(self) -> CashCount:
        return CashCount.of({d: spin.value() for d, spin in self.pieces.items()})

    def total_fen(self) -> int:
        return sum(d * spin.value() for d, spin in self.pieces.items())

    def set_count(self, count: CashCount) -> None:
        given = dict(count.pieces)
        for denomination, spin in self.pieces.items():
            spin.blockSignals(True)
            spin.setValue(given.get(denomination, 0))
            spin.blockSignals(False)
        self._recount()

    def _recount(self) -> None:
        for denomination, spin in self.pieces.items():
            self.subtotals[denomination].setText(money(denomination * spin.value()))
        total = self.total_fen()
        self.total_label.setText(money(total))
        self.changed.emit(total)
