"""Closing a shift (交班): a blind count of the drawer by denomination, the totals per non-cash
method, a note. Enter asks "close the shift now?", Enter again closes; Esc goes back to the
count. The event id is made when the dialog opens, so a double Enter or a retry replays the
close instead of closing twice. The result (expected / counted / difference per method, the
handover number) stays in the dialog; an error is shown there with everything typed kept."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from app.finance.close import NOTE_MAX_CHARS
from app.finance.figures import NON_CASH
from app.windows import ops
from app.windows.desk_supervisor import ask_supervisor_for
from app.windows.messages import error_text
from app.windows.recharge_format import method_title
from app.windows.shift_close_count import DenominationGrid
from app.windows.shift_close_result import preview_text, result_headline, result_table, show_result

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.finance.close import HandoverResult
    from app.windows.context import GuiContext

EDITING, CONFIRMING, BUSY, DONE = "editing", "confirming", "busy", "done"


class ShiftCloseDialog(QDialog):
    closed = Signal(object)   # HandoverResult

    def __init__(self, ctx: "GuiContext", shift_id: int, who: str, *, own: bool, parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent)
        self.setObjectName("shift_close")
        self.setWindowTitle(self.tr("Close shift"))
        self._ctx, self._shift_id, self._own = ctx, shift_id, own
        self._event_id = new_event_id()
        self._override: Override | None = None
        self.dialog: QWidget | None = None   # the supervisor's dialog while open
        self.state = EDITING
        self.result: HandoverResult | None = None

        intro = QLabel(self.tr("Shift %1 of %2: count the cash in the drawer by note and coin, and enter the "
                               "totals of the card terminal and the payment apps.")
                       .replace("%1", str(shift_id)).replace("%2", who))
        intro.setWordWrap(True)
        self.expected = QLabel(self.tr("Loading…"))
        self.expected.setObjectName("close_expected")
        self.expected.setWordWrap(True)
        self.grid = DenominationGrid()
        self.declared: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        for method in NON_CASH:
            field = QLineEdit()
            field.setObjectName(f"declared_{method}")
            field.setPlaceholderText("0.00")
            field.textEdited.connect(self._edited)
            self.form.addRow(self.tr("%1 total (yuan)").replace("%1", method_title(method)), field)
            self.declared[method] = field
        self.note = QLineEdit()
        self.note.setObjectName("close_note")
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.note.textEdited.connect(self._edited)
        self.form.addRow(self.tr("Note"), self.note)
        self.grid.changed.connect(lambda _total: self._edited())
        self.message = QLabel()
        self.message.setObjectName("close_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.result_label = QLabel()
        self.result_label.setObjectName("close_headline")
        self.result_label.setWordWrap(True)
        self.result_table = result_table()
        self.result_label.hide()
        self.result_table.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.expected)
        self.inputs = QWidget()
        inputs = QVBoxLayout(self.inputs)
        inputs.setContentsMargins(0, 0, 0, 0)
        inputs.addWidget(self.grid)
        inputs.addLayout(self.form)
        layout.addWidget(self.inputs)
        layout.addWidget(self.message)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_table)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.grid.last_field, self.declared[NON_CASH[0]])
        self._set_state(EDITING)
        self.grid.setFocus()
        self._load_preview()

    # ---- states ------------------------------------------------------------------------------

    def _set_state(self, state: str, message: str = "", error: bool = False) -> None:
        self.state = state
        self.inputs.setEnabled(state == EDITING)
        self.ok_button.setEnabled(state != BUSY)
        self.ok_button.setText({EDITING: self.tr("Close shift…"), CONFIRMING: self.tr("Yes, close the shift"),
                                BUSY: self.tr("Closing…"), DONE: self.tr("Done")}[state])
        self.cancel_button.setVisible(state in (EDITING, CONFIRMING))
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.message.setStyleSheet("color: #b00020;" if error else "font-weight: bold;")
        self.setCursor(Qt.CursorShape.BusyCursor if state == BUSY else Qt.CursorShape.ArrowCursor)

    def _edited(self) -> None:
        if self.state == EDITING and self.message.isVisible():
            self.message.hide()

    def accept(self) -> None:
        """Enter: ask for confirmation, then close; once done, Enter closes the dialog."""
        if self.state == DONE:
            super().accept()
        elif self.state == EDITING:
            try:
                self._call()
            except Exception as exc:
                self._set_state(EDITING, error_text(exc), error=True)
                return
            self._set_state(CONFIRMING, self.tr("Close the shift now? This cannot be undone. Enter: yes, "
                                                "Esc: back to the count."))
            self.ok_button.setFocus()
        elif self.state == CONFIRMING:
            self._run()

    def reject(self) -> None:
        if self.state == CONFIRMING:
            self._set_state(EDITING)
            self.grid.setFocus()
        elif self.state != BUSY:
            super().reject()

    # ---- the close ---------------------------------------------------------------------------

    def _call(self):
        from app.finance.close import close_shift
        from app.money import parse_yuan
        count = self.grid.count()
        declared = {method: parse_yuan(field.text() or "0", method_title(method))
                    for method, field in self.declared.items()}
        ctx, shift_id, event_id, note = self._ctx, self._shift_id, self._event_id, self.note.text()
        override = self._override
        return lambda: close_shift(ctx.db, ctx.actor, shift_id, count=count, declared_fen=declared,
                                   event_id=event_id, note=note, override=override)

    def _run(self) -> None:
        try:
            call = self._call()
        except Exception as exc:
            self._set_state(EDITING, error_text(exc), error=True)
            return
        self._set_state(BUSY)
        ops.run(call, on_success=self._succeeded, on_failure=self._failed, parent=self)

    def _succeeded(self, result: "HandoverResult") -> None:
        self.result = result
        self._set_state(DONE)
        self.inputs.hide()
        self.expected.hide()
        self.result_label.setText(result_headline(result))
        self.result_label.show()
        show_result(self.result_table, result)
        self.result_table.show()
        self.ok_button.setFocus()
        if self._own:
            self._ctx.changes.shift_changed.emit(None)
        self.closed.emit(result)

    def _failed(self, exc: Exception) -> None:
        from app.errors import PermissionDenied
        self._set_state(EDITING, error_text(exc), error=True)
        if isinstance(exc, PermissionDenied) and exc.permission == "shift.close_other":
            ask_supervisor_for(self, self._ctx, exc.permission, self._granted)

    def _granted(self, override: "Override") -> None:
        self._override = override
        self._run()

    # ---- the expected figures (unless the count is blind) ------------------------------------

    def _load_preview(self) -> None:
        from app.finance.handovers import close_preview
        db, actor, shift_id = self._ctx.db, self._ctx.actor, self._shift_id
        ops.run(lambda: close_preview(db, actor, shift_id), on_success=self._previewed,
                on_failure=self._preview_failed, parent=self)

    def _previewed(self, figures) -> None:
        self.figures = figures
        self.expected.setText(preview_text(figures))

    def _preview_failed(self, exc: Exception) -> None:
        self.figures = None
        self.expected.setText(preview_text(None))
        if self.state == EDITING:
            self._set_state(EDITING, error_text(exc), error=True)
