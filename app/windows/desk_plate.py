"""Search as you type in the plate field: plate fragments, merchant names, pinyin initials
(app.weighing.search). Each keystroke restarts a short pause; the query runs on a worker and
an answer to text that has changed meanwhile is dropped, so the list always matches the field."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.windows import ops
from app.windows.desk_format import merchant_kind

if TYPE_CHECKING:
    from app.db.database import Database
    from app.weighing.search import Hit

TYPING_PAUSE_MS = 120
HITS_MAX = 8


class PlateSearch(QObject):
    found = Signal(object)   # list[(text shown, Hit)] for the text that is in the field now

    def __init__(self, db: "Database", parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._run)

    def typed(self, text: str) -> None:
        self._text = text
        self._timer.start()

    def cancel(self) -> None:
        self._text = ""
        self._timer.stop()
        self.found.emit([])

    def _run(self) -> None:
        from app.weighing.search import search
        text, db = self._text, self._db
        if not text.strip():
            self.found.emit([])
            return
        ops.run(lambda: search(db, text, HITS_MAX), on_success=lambda hits: self._found(text, hits),
                on_failure=lambda _exc: self._found(text, []), parent=self)

    def _found(self, text: str, hits: "list[Hit]") -> None:
        if text != self._text:
            return  # the cashier typed on: a newer search is coming
        self.found.emit([(hit_text(hit), hit) for hit in hits])


def hit_text(hit: "Hit") -> str:
    """'鲁G12345  寿光蔬菜批发部' for a vehicle, 'M000003  张记果蔬 (fixed merchant)' for a merchant."""
    m = hit.merchant
    if hit.plate is not None:
        return f"{hit.plate}  {m.name}" if m is not None else hit.plate
    assert m is not None
    return f"{m.code}  {m.name} ({merchant_kind(m.kind)})"
