"""Receipt text drawn on a grid of printer columns: a Hanzi (or ￥) takes two columns and an
ASCII character one, exactly as on paper. No screen font keeps that ratio (a "monospace"
font's Latin is 0.6 of its Hanzi), so text in an ordinary text box would misalign every
line that mixes the two; here each character is placed in its own cells.

The paper's width is drawn white; the decoder's tags ([C] centred, [2x] double size, [QR …])
are drawn grey, since they describe the line rather than print on it."""
from __future__ import annotations

import re

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from app.devices.printers.width import char_width

MARGIN_PX = 6
TAGS = re.compile(r"^(?:\[[^\]]*\])+(?: |$)")   # "[C][2x] " at the start of a line
TAG_COLOR = QColor("#808080")
PAPER_COLOR = QColor("#ffffff")
INK_COLOR = QColor("#202020")


class ReceiptGrid(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._lines: list[str] = []
        self._columns = 48
        self._encoding = "gb18030"
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)

    def set_lines(self, lines: list[str], columns: int, encoding: str) -> None:
        self._lines, self._columns, self._encoding = list(lines), columns, encoding
        self.resize(self.sizeHint())
        self.updateGeometry()
        self.update()

    def lines(self) -> list[str]:
        return list(self._lines)

    # ---- geometry -------------------------------------------------------------------------

    def _cell(self) -> tuple[int, int]:
        metrics = QFontMetrics(self.font())
        # A cell holds one half-width character; a Hanzi drawn in two cells must not overlap.
        width = max(metrics.horizontalAdvance("0"), (metrics.horizontalAdvance("中") + 1) // 2)
        return width, metrics.lineSpacing()

    def _width_of(self, text: str) -> int:
        return sum(char_width(ch, self._encoding) for ch in text)

    def sizeHint(self) -> QSize:
        cell_w, line_h = self._cell()
        widest = max([self._columns] + [self._width_of(line) for line in self._lines])
        return QSize(2 * MARGIN_PX + widest * cell_w, 2 * MARGIN_PX + max(1, len(self._lines)) * line_h)

    # ---- drawing --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        cell_w, line_h = self._cell()
        painter = QPainter(self)
        painter.fillRect(QRect(MARGIN_PX, 0, self._columns * cell_w, self.height()), PAPER_COLOR)
        first = max(0, (event.rect().top() - MARGIN_PX) // line_h)
        last = min(len(self._lines), (event.rect().bottom() - MARGIN_PX) // line_h + 1)
        for row in range(first, last):
            line = self._lines[row]
            match = TAGS.match(line)
            tags = match.end() if match else 0
            if line.startswith("[") and line.rstrip().endswith("]") and not match:
                tags = len(line)  # a line that is one tag: [FEED 3], [CUT]
            x, y = MARGIN_PX, MARGIN_PX + row * line_h
            for index, ch in enumerate(line):
                cells = char_width(ch, self._encoding)
                painter.setPen(TAG_COLOR if index < tags else INK_COLOR)
                painter.drawText(QRect(x, y, cells * cell_w, line_h), Qt.AlignmentFlag.AlignCenter, ch)
                x += cells * cell_w
        painter.end()
