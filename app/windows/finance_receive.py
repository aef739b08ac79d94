"""Finance receives a handover (收款): accepts the cashier's count as it is, or counts again by
denomination (prefilled with the cashier's count); the cash goes to the safe or the bank. The
difference to the expected cash shows as it is typed; above the market's tolerance a note is
required and, without handover.accept_difference, a supervisor's authorisation. The event id
is made when the dialog opens: a retry receives once."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app.finance.receive import DESTINATIONS, NOTE_MAX_CHARS
from app.windows.desk_format import money
from app.windows.desk_supervisor import ask_supervisor_for
from app.windows.forms import FormDialog
from app.windows.shift_close_count import DenominationGrid

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.finance.handovers import HandoverDetail
    from app.windows.context import GuiContext


class ReceiveDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", detail: "HandoverDetail", tolerance_fen: int,
                 parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        r = detail.row
        super().__init__(parent, self.tr("Receive handover %1").replace("%1", r.handover_no),
                         self.tr("%1 at %2: expected cash %3, the cashier counted %4.")
                         .replace("%1", r.user_name).replace("%2", r.counter)
                         .replace("%3", money(r.expected_cash_fen)).replace("%4", money(r.counted_cash_fen)))
        self.setObjectName("receive_handover")
        self._ctx, self._detail, self._tolerance_fen = ctx, detail, tolerance_fen
        self._event_id = new_event_id()
        self._override: Override | None = None
        self._difference_override: Override | None = None
        self.dialog: QWidget | None = None   # the supervisor's dialog while open
        self.accept_count = self.add_row("", QCheckBox(self.tr("Accept the cashier's count")))
        self.accept_count.setChecked(True)
        self.grid = self.add_row(self.tr("Finance's count"), DenominationGrid())
        self.grid.set_count(detail.count)
        self.difference = self.add_row(self.tr("Difference"), QLabel())
        self.difference.setObjectName("receive_difference")
        self.difference.setWordWrap(True)
        self.destination = self.add_row(self.tr("Cash goes to"), QComboBox())
        self.destination.addItems([self.tr("The safe"), self.tr("The bank")])
        self.note = self.add_row(self.tr("Note"), QLineEdit())
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.ok_button.setText(self.tr("Receive"))
        self.accept_count.toggled.connect(self._show_difference)
        self.grid.changed.connect(lambda _total: self._show_difference())
        self._show_difference()
        self.accept_count.setFocus()

    def counted_fen(self) -> int:
        return self._detail.row.counted_cash_fen if self.accept_count.isChecked() else self.grid.total_fen()

    def difference_fen(self) -> int:
        return self.counted_fen() - self._detail.row.expected_cash_fen

    def needs_note(self) -> bool:
        return abs(self.difference_fen()) > self._tolerance_fen

    def _show_difference(self) -> None:
        self.grid.setEnabled(not self.accept_count.isChecked())
        difference = self.difference_fen()
        text = ("+" if difference > 0 else "") + money(difference)
        if self.needs_note():
            text += " — " + self.tr("above the tolerance of %1: a note is required").replace(
                "%1", money(self._tolerance_fen))
            if not self._ctx.actor.can("handover.accept_difference"):
                text += self.tr(", and a supervisor's authorisation")
        self.difference.setText(text)
        self.difference.setStyleSheet("color: #b00020; font-weight: bold;" if difference else "font-weight: bold;")
        self.note.setPlaceholderText(self.tr("Required: say why the cash differs") if self.needs_note() else "")

    def prepare(self):
        from app.errors import PermissionDenied, ValidationError
        from app.finance.receive import receive_handover
        count = None if self.accept_count.isChecked() else self.grid.count()
        note = self.note.text().strip()
        if self.needs_note():
            if not note:
                raise ValidationError(self.tr("Note: a difference of %1 needs a note saying why.")
                                      .replace("%1", money(self.difference_fen())))
            actor = self._ctx.actor
            if not actor.can("handover.accept_difference") and self._difference_override is None:
                raise PermissionDenied("handover.accept_difference", actor.username)
        ctx, handover_id, event_id = self._ctx, self._detail.row.id, self._event_id
        destination = DESTINATIONS[self.destination.currentIndex()]
        override, difference_override = self._override, self._difference_override
        return lambda: receive_handover(ctx.db, ctx.actor, handover_id, event_id=event_id, count=count,
                                        destination=destination, note=note, override=override,
                                        difference_override=difference_override)

    def show_error(self, exc: BaseException) -> None:
        from app.errors import PermissionDenied
        super().show_error(exc)
        if isinstance(exc, PermissionDenied) and exc.permission in ("handover.receive", "handover.accept_difference"):
            ask_supervisor_for(self, self._ctx, exc.permission, lambda o: self._granted(exc.permission, o))

    def _granted(self, permission: str, override: "Override") -> None:
        if permission == "handover.receive":
            self._override = override
        else:
            self._difference_override = override
        self.accept()
