"""Create a commodity category (needs price.create). Its price is set like a commodity's, by
choosing it in the list (Change price)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.weighing.catalog import CategoryInfo
from app.weighing.fields import NAME_MAX_CHARS
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_outcome import say_done, say_error
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class NewCategoryForm(Retranslating, QWidget):
    saved = Signal(object)   # app.weighing.catalog.CategoryInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("new_category")
        self._ctx = ctx
        self.name = QLineEdit()
        self.name.setObjectName("category_name")
        self.name.setMaxLength(NAME_MAX_CHARS)
        self.name_label = QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow(self.hint)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name"))
        self.hint.setText(self.tr("After saving, choose the category in the list and set its price: it "
                                  "applies to its commodities without a price of their own."))

    def start(self) -> None:
        self.name.setFocus()
        self.name.selectAll()

    def save(self) -> None:
        from app.weighing import catalog
        name = self.name.text().strip()
        if not name:
            say_error(self.save_bar, ValidationError(self.tr("Name: type the category's name.")))
            return
        db, actor = self._ctx.db, self._ctx.actor
        self.save_bar.set_busy(True)
        ops.run(lambda: catalog.create_category(db, actor, name), on_success=self._saved,
                on_failure=self._failed, parent=self)

    def _saved(self, info: CategoryInfo) -> None:
        self.save_bar.set_busy(False)
        say_done(self.save_bar, lambda: self.tr("Category %1 created.").replace("%1", info.name))
        self.name.clear()
        self.saved.emit(info)
        master_changes(self._ctx).catalog_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)
