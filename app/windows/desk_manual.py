"""A weight typed by hand (Ctrl+M), for when the scale cannot give one: only with
ticket.manual_weight, or once a supervisor has authorised it (app.windows.override). The
ticket and the voucher are marked, and the service records who allowed it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from app.windows.desk_format import parse_weight_g
from app.windows.forms import FormDialog
from app.windows.desk_supervisor import ask_supervisor_for

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.windows.context import GuiContext

PERMISSION = "ticket.manual_weight"


@dataclass
class ManualWeight:
    weight_g: int
    override: "Override | None"      # None: the cashier holds the permission
    supervisor: str = ""             # who authorised it (shown on the desk)


class ManualWeightDialog(FormDialog):
    def __init__(self, what: str, parent: QWidget | None = None):
        super().__init__(parent, self.tr("Weight by hand"), self.tr(
            "%1: type the weight in kilograms (or tonnes with t). The ticket and the voucher say it was "
            "entered by hand.").replace("%1", what))
        self.setObjectName("manual_weight")
        self.weight = self.add_row(self.tr("Weight (kg)"), QLineEdit())
        self.weight.setPlaceholderText("32560")
        self.ok_button.setText(self.tr("Use this weight"))
        self.weight.setFocus()

    def prepare(self):
        grams = parse_weight_g(self.weight.text())
        return lambda: grams


def ask_manual_weight(owner, ctx: "GuiContext", what: str, on_weight: Callable[[ManualWeight], None]) -> None:
    """Open the supervisor's dialog if needed, then the weight dialog, as `owner.dialog`
    (non-blocking); `on_weight` runs once a weight was typed."""
    from app.windows.dialogs import open_tracked

    def weight_dialog(override: "Override | None") -> None:
        dialog = ManualWeightDialog(what, owner)
        name = override.supervisor_name if override is not None else ""
        dialog.succeeded.connect(lambda grams: on_weight(ManualWeight(grams, override, name)))
        open_tracked(owner, dialog)

    if ctx.actor.can(PERMISSION):
        weight_dialog(None)
        return
    ask_supervisor_for(owner, ctx, PERMISSION, weight_dialog)
