"""The beneficiaries of payment splits, and (with split.edit) adding one: the market itself
(its share stays in the fee income) or an external party, whose shares are owed to it on a
payable account."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.splits.beneficiaries import BeneficiaryInfo
from app.weighing.fields import NAME_MAX_CHARS
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_outcome import say_done, say_error
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table
from app.windows.save_bar import SaveBar
from app.windows.split_data import split_changes


class BeneficiariesView(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.beneficiaries: tuple[BeneficiaryInfo, ...] = ()
        self.table = make_table(2, "split_beneficiaries", stretch_column=0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        self.name = self.kind = self.save_bar = None
        if ctx.actor.can("split.edit"):
            self.name = QLineEdit()
            self.name.setObjectName("beneficiary_name")
            self.name.setMaxLength(NAME_MAX_CHARS)
            self.kind = QComboBox()
            self.kind.setObjectName("beneficiary_kind")
            self.kind.addItem("", "external")
            self.kind.addItem("", "market")
            self.name_label, self.kind_label = QLabel(), QLabel()
            form = QFormLayout()
            form.addRow(self.name_label, self.name)
            form.addRow(self.kind_label, self.kind)
            self.save_bar = SaveBar(self)
            self.save_bar.save_requested.connect(self.add)
            layout.addLayout(form)
            layout.addWidget(self.save_bar)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Beneficiary"), self.tr("Kind")])
        if self.kind is not None:
            self.name_label.setText(self.tr("New beneficiary"))
            self.name.setPlaceholderText(self.tr("e.g. the vegetable cooperative"))
            self.kind_label.setText(self.tr("Kind"))
            self.kind.setItemText(0, self.tr("External (owed to them)"))
            self.kind.setItemText(1, self.tr("The market's own income"))
        self._fill()

    def set_beneficiaries(self, beneficiaries: tuple[BeneficiaryInfo, ...]) -> None:
        self.beneficiaries = beneficiaries
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.beneficiaries))
        for row, b in enumerate(self.beneficiaries):
            kind = self.tr("External (owed to them)") if b.kind == "external" else self.tr("The market's own income")
            fill_row(self.table, row, (b.name, kind))

    def add(self) -> None:
        from app.splits.beneficiaries import add_beneficiary
        db, actor, name, kind = self._ctx.db, self._ctx.actor, self.name.text(), self.kind.currentData()
        self.save_bar.set_busy(True)
        ops.run(lambda: add_beneficiary(db, actor, name, kind), on_success=self._added, on_failure=self._failed,
                parent=self)

    def _added(self, b: BeneficiaryInfo) -> None:
        self.save_bar.set_busy(False)
        say_done(self.save_bar, lambda: self.tr("%1 added.").replace("%1", b.name))
        self.name.clear()
        split_changes(self._ctx).changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)
