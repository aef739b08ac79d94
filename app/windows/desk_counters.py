"""The shift's counters beside the weight: vehicles charged, fees, refunds, and the cash these
tickets put in (and took out of) the drawer, reloaded whenever a ticket changes here."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from app.windows.desk_errors import desk_error_text
from app.windows.desk_format import money
from app.windows.reloader import Reloader
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.weighing.tickets import ShiftTotals
    from app.windows.context import GuiContext

FIELDS = ("vehicles", "fees", "refunds", "income", "account", "cash", "drawer", "voided")


class ShiftCounters(Retranslating, QGroupBox):
    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shift_counters")
        self._ctx = ctx
        self.shift: ShiftInfo | None = None
        self.totals: ShiftTotals | None = None
        self._problem = ""
        self.values = {name: QLabel() for name in FIELDS}
        self.captions = {name: QLabel() for name in FIELDS}
        layout = QFormLayout(self)
        for name in FIELDS:
            self.values[name].setObjectName(f"counter_{name}")
            font = self.values[name].font()
            font.setPointSize(font.pointSize() + 3)
            font.setBold(name in ("vehicles", "fees", "drawer"))
            self.values[name].setFont(font)
            layout.addRow(self.captions[name], self.values[name])
        self._reloader = Reloader(self._load, self)
        self._reloader.loaded.connect(self._loaded)
        self._reloader.failed.connect(self._failed)
        ctx.changes.tickets_changed.connect(self._reloader.request)
        self.retranslate()

    def _load(self):
        from app.weighing.tickets import shift_totals
        shift, db = self.shift, self._ctx.db
        return (shift, shift_totals(db, shift.id)) if shift is not None else (None, None)

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift
        self.refresh()

    def refresh(self) -> None:
        self._reloader.request()

    def _loaded(self, result) -> None:
        shift, totals = result
        if _id(shift) != _id(self.shift):
            return  # the shift changed meanwhile; its own load follows
        self.totals = totals
        self._problem = ""
        self.retranslate()

    def _failed(self, exc: Exception) -> None:
        self._problem = desk_error_text(exc)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("This shift"))
        titles = {"vehicles": self.tr("Vehicles"), "fees": self.tr("Fees"), "refunds": self.tr("Refunds"),
                  "income": self.tr("Net income"), "account": self.tr("From accounts"),
                  "cash": self.tr("Cash from tickets"), "drawer": self.tr("Cash in drawer"),
                  "voided": self.tr("Voided")}
        for name, caption in self.captions.items():
            caption.setText(titles[name])
        t, shift = self.totals, self.shift
        if t is None or shift is None:
            for label in self.values.values():
                label.setText("—")
            if self._problem:
                self.values["vehicles"].setToolTip(self._problem)
            return
        # PostgreSQL's SUM of a BIGINT is NUMERIC: whole fen arrive as Decimal (see _fen).
        fees, refunds, account = _fen(t.fees_fen), _fen(t.refunds_fen), _fen(t.account_fen)
        cash = _fen(t.cash_in_fen) - _fen(t.cash_out_fen)
        texts = {"vehicles": str(t.vehicles), "fees": money(fees), "refunds": money(refunds),
                 "income": money(fees - refunds), "account": money(account), "cash": money(cash),
                 "drawer": money(shift.opening_float_fen + cash), "voided": str(t.voided)}
        for name, label in self.values.items():
            label.setText(texts[name])
        self.values["drawer"].setToolTip(self.tr("Opening float %1 plus the cash of this shift's tickets")
                                         .replace("%1", money(shift.opening_float_fen)))


def _id(shift) -> int | None:
    return None if shift is None else shift.id


def _fen(value) -> int:
    """An integer amount of fen from shift_totals, which on PostgreSQL sums to Decimal."""
    fen = int(value)
    assert fen == value, f"{value!r} is not a whole number of fen"
    return fen
