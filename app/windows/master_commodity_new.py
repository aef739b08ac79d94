"""Create a commodity in an active category with its first price (needs price.create). Without
a price of its own the category's price applies."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.weighing.catalog import CategoryInfo, CommodityInfo
from app.weighing.fields import NAME_MAX_CHARS
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_outcome import say_done, say_error
from app.windows.master_times import EffectiveTimeField
from app.windows.master_units import parse_price_fen
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class NewCommodityForm(Retranslating, QWidget):
    saved = Signal(object)   # app.weighing.catalog.CommodityInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("new_commodity")
        self._ctx = ctx
        self.category = QComboBox()
        self.name = QLineEdit()
        self.name.setObjectName("commodity_name")
        self.name.setMaxLength(NAME_MAX_CHARS)
        self.price = QLineEdit()
        self.price.setObjectName("first_price")
        self.when = EffectiveTimeField()
        self.category_label, self.name_label, self.price_label, self.when_label = (QLabel() for _ in range(4))
        form = QFormLayout()
        form.addRow(self.category_label, self.category)
        form.addRow(self.name_label, self.name)
        form.addRow(self.price_label, self.price)
        form.addRow(self.when_label, self.when)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.category_label.setText(self.tr("Category"))
        self.name_label.setText(self.tr("Name"))
        self.price_label.setText(self.tr("First price (yuan/t)"))
        self.price.setPlaceholderText(self.tr("empty: the category's price applies"))
        self.when_label.setText(self.tr("Effective"))

    def set_categories(self, categories: list[CategoryInfo], preferred: int | None = None) -> None:
        """The active categories (an inactive one takes no new commodities); the one chosen
        stays chosen, else `preferred`."""
        keep = self.category.currentData() if self.category.currentData() is not None else preferred
        self.category.clear()
        for category in categories:
            if category.active:
                self.category.addItem(category.name, category.id)
        index = self.category.findData(keep)
        self.category.setCurrentIndex(index if index >= 0 else 0)

    def start(self, category_id: int | None) -> None:
        """Ctrl+N: a fresh form in the category chosen in the list."""
        if category_id is not None and self.category.findData(category_id) >= 0:
            self.category.setCurrentIndex(self.category.findData(category_id))
        self.name.setFocus()
        self.name.selectAll()

    def save(self) -> None:
        from app.weighing import catalog
        try:
            category_id = self.category.currentData()
            if category_id is None:
                raise ValidationError(self.tr("Create a category first: every commodity belongs to one."))
            name = self.name.text().strip()
            if not name:
                raise ValidationError(self.tr("Name: type the commodity's name."))
            fen = parse_price_fen(self.price.text(), required=False)
            at = self.when.value() if fen is not None else None
        except ValidationError as exc:
            say_error(self.save_bar, exc)
            return
        db, actor = self._ctx.db, self._ctx.actor
        self.save_bar.set_busy(True)
        ops.run(lambda: catalog.create_commodity(db, actor, category_id, name, fen, at),
                on_success=self._saved, on_failure=self._failed, parent=self)

    def _saved(self, info: CommodityInfo) -> None:
        self.save_bar.set_busy(False)
        say_done(self.save_bar, lambda: self.tr("Commodity %1 created in %2.")
                 .replace("%1", info.name).replace("%2", info.category_name))
        self.name.clear()
        self.price.clear()
        self.when.reset()
        self.saved.emit(info)
        master_changes(self._ctx).catalog_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)
