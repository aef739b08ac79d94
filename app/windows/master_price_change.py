"""Change the price of the commodity or category chosen in the list (needs price.edit): the
new yuan per tonne, effective now or from a later date and time, with a note. A change is a
new price row; the old one stays in the history as it was charged."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.weighing.catalog import NOTE_MAX_CHARS, PriceInfo
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_outcome import say_done, say_error, say_nothing
from app.windows.master_price_data import PriceTarget
from app.windows.master_times import EffectiveTimeField, local_text
from app.windows.master_units import parse_price_fen, yuan
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class ChangePriceForm(Retranslating, QWidget):
    saved = Signal(object)   # app.weighing.catalog.PriceInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("change_price")
        self._ctx = ctx
        self.target: PriceTarget | None = None
        self._current_fen: int | None = None
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        self.price = QLineEdit()
        self.price.setObjectName("new_price")
        self.when = EffectiveTimeField()
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.price_label, self.when_label, self.note_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.target_label)
        form.addRow(self.price_label, self.price)
        form.addRow(self.when_label, self.when)
        form.addRow(self.note_label, self.note)
        self.save_bar = SaveBar(self)   # Ctrl+S of this page only: hidden pages' shortcuts sleep
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.price_label.setText(self.tr("New price (yuan/t)"))
        self.price.setPlaceholderText(self.tr("e.g. 12.50"))
        self.when_label.setText(self.tr("Effective"))
        self.note_label.setText(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("why the price changes (kept in the history)"))
        self._show_target()

    def set_target(self, target: PriceTarget | None, current_fen: int | None) -> None:
        if target is None or self.target is None or target.key != self.target.key:
            say_nothing(self.save_bar)
        self.target, self._current_fen = target, current_fen
        self._show_target()

    def _show_target(self) -> None:
        target = self.target
        if target is None:
            self.target_label.setText(self.tr("Choose a commodity or a category in the list."))
            return
        if target.kind == "commodity":
            text = self.tr("Price of the commodity %1").replace("%1", target.name)
        else:
            text = self.tr("Price of the category %1 (for its commodities without a price of their own)") \
                .replace("%1", target.name)
        if self._current_fen is not None:
            text += " — " + self.tr("now %1 yuan/t").replace("%1", yuan(self._current_fen))
        self.target_label.setText(text)

    def save(self) -> None:
        from app.weighing import catalog
        try:
            if self.target is None:
                raise ValidationError(self.tr("Choose a commodity or a category in the list first."))
            fen = parse_price_fen(self.price.text())
            at = self.when.value()
        except ValidationError as exc:
            say_error(self.save_bar, exc)
            return
        db, actor, target, note = self._ctx.db, self._ctx.actor, self.target, self.note.text()
        ids = {"commodity_id": target.id} if target.kind == "commodity" else {"category_id": target.id}
        self.save_bar.set_busy(True)
        ops.run(lambda: catalog.set_price(db, actor, unit_price_fen=fen, effective_at=at, note=note, **ids),
                on_success=self._saved, on_failure=self._failed, parent=self)

    def _saved(self, info: PriceInfo) -> None:
        self.save_bar.set_busy(False)
        say_done(self.save_bar, lambda: self.tr("New price of %1: %2 yuan/t, effective from %3.")
                 .replace("%1", info.target_name).replace("%2", yuan(info.unit_price_fen))
                 .replace("%3", local_text(info.effective_at)))
        self.price.clear()
        self.note.clear()
        self.when.reset()
        self.saved.emit(info)
        master_changes(self._ctx).catalog_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)
