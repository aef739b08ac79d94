"""The market's fee rounding rule (needs settings.manage): fees are rounded once, to the fen,
the jiao or the yuan. Tickets already written keep the rule they were charged with."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.weighing.pricing import ROUNDING_RULES
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_outcome import say_done, say_error
from app.windows.master_terms import rounding_unit
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class FeeRoundingForm(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fee_rounding")
        self._ctx = ctx
        self.rule = QComboBox()
        for rounding_fen in ROUNDING_RULES:
            self.rule.addItem("", rounding_fen)
        self.rule_label = QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.rule_label, self.rule)
        form.addRow(self.hint)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.rule_label.setText(self.tr("Round every fee"))
        for index in range(self.rule.count()):
            self.rule.setItemText(index, rounding_unit(self.rule.itemData(index)))
        self.hint.setText(self.tr("Half up, once per fee and refund. Tickets already charged keep the rule "
                                  "they were charged with."))

    def show_rule(self, rounding_fen: int) -> None:
        """The rule in force, unless the user is choosing another one right now."""
        if not self.rule.hasFocus():
            self.rule.setCurrentIndex(max(0, self.rule.findData(rounding_fen)))

    def save(self) -> None:
        from app.weighing.catalog import set_fee_rounding
        db, actor, rounding_fen = self._ctx.db, self._ctx.actor, self.rule.currentData()
        self.save_bar.set_busy(True)
        ops.run(lambda: set_fee_rounding(db, actor, rounding_fen), on_success=self._saved,
                on_failure=self._failed, parent=self)

    def _saved(self, rounding_fen: int) -> None:
        self.save_bar.set_busy(False)
        say_done(self.save_bar, lambda: self.tr("Fees are now rounded %1.").replace("%1", rounding_unit(rounding_fen)))
        master_changes(self._ctx).catalog_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)
