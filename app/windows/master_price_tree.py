"""The price list of the Prices screen: categories with their commodities under them, each
with the price in force (yuan per tonne), where it comes from, since when and the changes
already decided for later; filtered by name or pinyin initials as you type."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from app.weighing.catalog import PriceRow
from app.windows.master_price_data import CategoryPrices, CommodityPrices, PriceCatalog, PriceTarget
from app.windows.master_terms import price_source
from app.windows.master_times import local_text
from app.windows.master_units import yuan
from app.windows.retranslate import Retranslating

COLUMNS = 6
NAME, PRICE, SOURCE, SINCE, PENDING, STATUS = range(COLUMNS)
TARGET_ROLE = Qt.ItemDataRole.UserRole
INITIALS_ROLE = Qt.ItemDataRole.UserRole + 1


class PriceTree(Retranslating, QTreeWidget):
    target_changed = Signal(object)   # the PriceTarget now selected, or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("prices")
        self.setColumnCount(COLUMNS)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PENDING, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.catalog: PriceCatalog | None = None
        self._filter = ""
        self.currentItemChanged.connect(lambda *_: self.target_changed.emit(self.current_target()))
        self.retranslate()

    def retranslate(self) -> None:
        self.setHeaderLabels([self.tr("Commodity"), self.tr("Price (yuan/t)"), self.tr("Source"),
                              self.tr("Effective since"), self.tr("Pending changes"), self.tr("Status")])
        if self.catalog is not None:
            self.set_catalog(self.catalog)

    # ---- contents ---------------------------------------------------------------------------

    def set_catalog(self, catalog: PriceCatalog) -> None:
        """Show the catalog, keeping the selection (and so the history beside it)."""
        current = self.current_target()
        self.catalog = catalog
        self.blockSignals(True)
        self.clear()
        by_category: dict[int, list[CommodityPrices]] = {}
        for commodity in catalog.commodities:
            by_category.setdefault(commodity.info.category_id, []).append(commodity)
        for category in catalog.categories:
            parent = self._category_item(category)
            self.addTopLevelItem(parent)
            for commodity in by_category.get(category.info.id, []):
                parent.addChild(self._commodity_item(commodity))
            parent.setExpanded(True)
        self.blockSignals(False)
        self._apply_filter()
        # The items are new: choosing one announces it (and its new prices) again.
        if current is None or not self.select(current.kind, current.id):
            if not self.select_first_visible():
                self.target_changed.emit(None)

    def _category_item(self, c: CategoryPrices) -> QTreeWidgetItem:
        info = c.info
        price = c.price
        item = QTreeWidgetItem([
            info.name, yuan(price.new_unit_price_fen) if price else "",
            "" if price else self.tr("no price"),
            local_text(price.effective_at) if price else "",
            self._pending([(p.new_unit_price_fen, p.effective_at) for p in c.pending]),
            self._status(info.active)])
        font = item.font(NAME)
        font.setBold(True)
        item.setFont(NAME, font)
        item.setData(NAME, TARGET_ROLE, PriceTarget("category", info.id, info.name, info.id, info.active))
        item.setData(NAME, INITIALS_ROLE, info.initials)
        self._finish(item, info.active)
        return item

    def _commodity_item(self, c: CommodityPrices) -> QTreeWidgetItem:
        info, row = c.info, c.row
        if row is None:   # inactive: not on the price list
            cells = [info.name, "", "", "", "", self._status(False)]
        elif row.unit_price_fen is None:
            cells = [info.name, "", self.tr("no price"), "", self._pending(_planned(row)), self._status(True)]
        else:
            cells = [info.name, yuan(row.unit_price_fen), price_source(row.source),
                     local_text(row.effective_since), self._pending(_planned(row)), self._status(True)]
        item = QTreeWidgetItem(cells)
        item.setData(NAME, TARGET_ROLE, PriceTarget("commodity", info.id, info.name, info.category_id, info.active))
        item.setData(NAME, INITIALS_ROLE, info.initials)
        self._finish(item, info.active)
        return item

    def _finish(self, item: QTreeWidgetItem, active: bool) -> None:
        item.setTextAlignment(PRICE, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not active:
            grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            for column in range(COLUMNS):
                item.setForeground(column, grey)

    def _pending(self, planned: list[tuple[int, datetime]]) -> str:
        """'15.00 from 2026-03-01 00:00; …', soonest first."""
        return "; ".join(self.tr("%1 from %2").replace("%1", yuan(fen)).replace("%2", local_text(at))
                         for fen, at in planned)

    def _status(self, active: bool) -> str:
        return self.tr("active") if active else self.tr("inactive")

    # ---- filter and selection -----------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        self._filter = " ".join(text.split())
        self._apply_filter()
        item = self.currentItem()
        if item is None or item.isHidden():
            self.select_first_visible()

    def _matches(self, item: QTreeWidgetItem) -> bool:
        wanted = self._filter
        if not wanted:
            return True
        target: PriceTarget = item.data(NAME, TARGET_ROLE)
        initials: str = item.data(NAME, INITIALS_ROLE)
        return wanted.casefold() in target.name.casefold() or \
            (wanted.isascii() and initials.startswith(wanted.upper().replace(" ", "")))

    def _apply_filter(self) -> None:
        for i in range(self.topLevelItemCount()):
            parent = self.topLevelItem(i)
            whole = self._matches(parent)   # a category found by name shows all of its commodities
            shown = 0
            for j in range(parent.childCount()):
                child = parent.child(j)
                visible = whole or self._matches(child)
                child.setHidden(not visible)
                shown += visible
            parent.setHidden(not (whole or shown))

    def visible_targets(self) -> list[PriceTarget]:
        out = []
        for i in range(self.topLevelItemCount()):
            parent = self.topLevelItem(i)
            if parent.isHidden():
                continue
            out.append(parent.data(NAME, TARGET_ROLE))
            out.extend(parent.child(j).data(NAME, TARGET_ROLE) for j in range(parent.childCount())
                       if not parent.child(j).isHidden())
        return out

    def select_first_visible(self) -> bool:
        """The first commodity shown (else the first category): what Enter in the filter picks."""
        targets = self.visible_targets()
        first = next((t for t in targets if t.kind == "commodity"), targets[0] if targets else None)
        if first is None:
            self.setCurrentItem(None)
            return False
        return self.select(first.kind, first.id)

    def select(self, kind: str, target_id: int) -> bool:
        for i in range(self.topLevelItemCount()):
            parent = self.topLevelItem(i)
            for item in [parent] + [parent.child(j) for j in range(parent.childCount())]:
                target: PriceTarget = item.data(NAME, TARGET_ROLE)
                if target.key == (kind, target_id):
                    self.setCurrentItem(item)
                    self.scrollToItem(item)
                    return True
        return False

    def current_target(self) -> PriceTarget | None:
        item = self.currentItem()
        return item.data(NAME, TARGET_ROLE) if item is not None else None

    def row_texts(self, kind: str, target_id: int) -> list[str] | None:
        """The cells of one commodity or category (tests, screenshots)."""
        for i in range(self.topLevelItemCount()):
            parent = self.topLevelItem(i)
            for item in [parent] + [parent.child(j) for j in range(parent.childCount())]:
                if item.data(NAME, TARGET_ROLE).key == (kind, target_id):
                    return [item.text(c) for c in range(COLUMNS)]
        return None


def _planned(row: PriceRow) -> list[tuple[int, datetime]]:
    return [(p.unit_price_fen, p.effective_at) for p in row.pending]
