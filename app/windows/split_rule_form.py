"""Writing a new version of a split rule (needs split.edit): for a category or a commodity,
lines of a beneficiary and a share (12.5% of the fee, or a fixed amount in yuan), who gets the
rest, effective now or later, with a note. The check under the lines runs as they are typed:
what a fee of 1000.00 yuan would give each one, and that the shares add up."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from app.errors import ValidationError
from app.money import format_fen
from app.splits.rules import NOTE_MAX_CHARS, VersionInfo
from app.splits.shares import LINES_MAX, Line, Rule, compute_shares, format_share, parse_share, validate_rule
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_outcome import ERROR_STYLE, say_done, say_error, say_nothing
from app.windows.master_times import EffectiveTimeField, local_text
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar
from app.windows.split_data import Scope, SplitData, split_changes

EXAMPLE_FEE_FEN = 1000_00


class SplitRuleForm(Retranslating, QWidget):
    saved = Signal(object)   # app.splits.rules.VersionInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("split_rule_form")
        self._ctx = ctx
        self.data: SplitData | None = None
        self.scope = QComboBox()
        self.scope.setObjectName("split_scope")
        self.lines_grid = QGridLayout()
        self.beneficiary_boxes: list[QComboBox] = []
        self.share_fields: list[QLineEdit] = []
        for row in range(LINES_MAX):
            box, share = QComboBox(), QLineEdit()
            box.setObjectName(f"line_beneficiary_{row}")
            share.setObjectName(f"line_share_{row}")
            box.currentIndexChanged.connect(self.check)
            share.textChanged.connect(self.check)
            self.lines_grid.addWidget(box, row, 0)
            self.lines_grid.addWidget(share, row, 1)
            self.beneficiary_boxes.append(box)
            self.share_fields.append(share)
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.add_line)
        self.remainder = QComboBox()
        self.remainder.setObjectName("split_remainder")
        self.remainder.currentIndexChanged.connect(self.check)
        self.when = EffectiveTimeField()
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.check_label = QLabel()
        self.check_label.setObjectName("split_check")
        self.check_label.setWordWrap(True)
        self.scope_label, self.lines_label, self.remainder_label = QLabel(), QLabel(), QLabel()
        self.when_label, self.note_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.scope_label, self.scope)
        form.addRow(self.lines_label, self.lines_grid)
        form.addRow("", self.more_button)
        form.addRow(self.remainder_label, self.remainder)
        form.addRow(self.when_label, self.when)
        form.addRow(self.note_label, self.note)
        form.addRow(self.check_label)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self._shown_lines = 1
        self._show_lines()
        self.retranslate()

    def retranslate(self) -> None:
        self.scope_label.setText(self.tr("For"))
        self.lines_label.setText(self.tr("Shares"))
        self.more_button.setText(self.tr("Another line"))
        self.remainder_label.setText(self.tr("The rest to"))
        self.when_label.setText(self.tr("Effective"))
        self.note_label.setText(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("why the rule changes (kept in the history)"))
        for field in self.share_fields:
            field.setPlaceholderText(self.tr("12.5% or 3.00 yuan"))
        if self.data is not None:
            self.set_data(self.data)
        self.check()

    # ---- choices ------------------------------------------------------------------------------

    def set_data(self, data: SplitData) -> None:
        """Fill the choices, keeping what is chosen."""
        self.data = data
        chosen_scope = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for s in data.scopes:
            label = self.tr("Category %1") if s.kind == "category" else self.tr("Commodity %1")
            self.scope.addItem(label.replace("%1", s.name), s)
        self._choose(self.scope, chosen_scope)
        self.scope.blockSignals(False)
        for box in self.beneficiary_boxes + [self.remainder]:
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem("", None)
            for b in data.beneficiaries:
                box.addItem(b.name, b.id)
            self._choose(box, chosen)
            box.blockSignals(False)
        self.check()

    @staticmethod
    def _choose(box: QComboBox, value) -> None:
        index = box.findData(value) if value is not None else -1
        box.setCurrentIndex(max(index, 0))

    def choose_scope(self, scope: Scope | None) -> None:
        if scope is not None:
            self._choose(self.scope, scope)

    def start_from(self, version: VersionInfo) -> None:
        """Fill the lines with a version's, to change one share without retyping the others."""
        for row, line in enumerate(version.lines):
            self._choose(self.beneficiary_boxes[row], line.beneficiary_id)
            self.share_fields[row].setText(format_share(line.as_line()))
        for row in range(len(version.lines), LINES_MAX):
            self.beneficiary_boxes[row].setCurrentIndex(0)
            self.share_fields[row].clear()
        self._shown_lines = max(1, len(version.lines))
        self._show_lines()
        self._choose(self.remainder, version.remainder_beneficiary_id)

    def add_line(self) -> None:
        self._shown_lines = min(LINES_MAX, self._shown_lines + 1)
        self._show_lines()
        self.beneficiary_boxes[self._shown_lines - 1].setFocus()

    def _show_lines(self) -> None:
        for row in range(LINES_MAX):
            self.beneficiary_boxes[row].setVisible(row < self._shown_lines)
            self.share_fields[row].setVisible(row < self._shown_lines)
        self.more_button.setEnabled(self._shown_lines < LINES_MAX)

    # ---- the rule typed, and its live check -----------------------------------------------------

    def rule(self) -> Rule:
        """The lines typed (empty lines skipped); ValidationError with a translated message."""
        lines = []
        for row in range(LINES_MAX):
            beneficiary, text = self.beneficiary_boxes[row].currentData(), self.share_fields[row].text().strip()
            if beneficiary is None and not text:
                continue
            if beneficiary is None:
                raise ValidationError(self.tr("Line %1: choose a beneficiary.").replace("%1", str(row + 1)))
            try:
                bp, fixed = parse_share(text, f"line {row + 1}")
            except ValidationError:
                raise ValidationError(self.tr("Line %1: type a percentage like 12.5% or an amount like 3.00.")
                                      .replace("%1", str(row + 1))) from None
            lines.append(Line(beneficiary, bp, fixed))
        remainder = self.remainder.currentData()
        if remainder is None:
            raise ValidationError(self.tr("Choose who gets the rest of the fee."))
        rule = Rule(tuple(lines), remainder)
        validate_rule(rule)
        return rule

    def check(self) -> None:
        try:
            rule = self.rule()
        except ValidationError as exc:
            self.check_label.setStyleSheet(ERROR_STYLE)
            self.check_label.setText(str(exc))
            return
        names = {self.remainder.itemData(i): self.remainder.itemText(i) for i in range(self.remainder.count())}
        shares = compute_shares(EXAMPLE_FEE_FEN, rule)
        parts = " + ".join(f"{names.get(b, '?')} {format_fen(a)}" for b, a in shares)
        self.check_label.setStyleSheet("")
        self.check_label.setText(self.tr("Shares add up. A fee of %1 yuan gives: %2 = %1.")
                                 .replace("%2", parts).replace("%1", format_fen(EXAMPLE_FEE_FEN)))

    # ---- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        from app.splits.rules import set_rule
        scope: Scope | None = self.scope.currentData()
        try:
            if scope is None:
                raise ValidationError(self.tr("Choose a category or a commodity first."))
            rule = self.rule()
            at = self.when.value()
        except ValidationError as exc:
            say_error(self.save_bar, exc)
            return
        db, actor, note = self._ctx.db, self._ctx.actor, self.note.text()
        ids = {"category_id": scope.id} if scope.kind == "category" else {"commodity_id": scope.id}
        self.save_bar.set_busy(True)
        ops.run(lambda: set_rule(db, actor, lines=rule.lines, remainder_beneficiary_id=rule.remainder_beneficiary_id,
                                 effective_at=at, note=note, **ids),
                on_success=self._saved, on_failure=self._failed, parent=self)

    def _saved(self, version: VersionInfo) -> None:
        self.save_bar.set_busy(False)
        say_done(self.save_bar, lambda: self.tr("Version %1 of the rule of %2 saved, effective from %3.")
                 .replace("%1", str(version.version)).replace("%2", version.scope_name)
                 .replace("%3", local_text(version.effective_at)))
        self.note.clear()
        self.when.reset()
        self.saved.emit(version)
        split_changes(self._ctx).changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)

    def clear_message(self) -> None:
        say_nothing(self.save_bar)

