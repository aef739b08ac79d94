"""Prices (needs price.view): categories and commodities with the fee price in force (yuan per
tonne), where it comes from, since when and what is planned; the price history of the chosen
one; and, by permission, changing a price (price.edit), creating categories and commodities
and (de)activating them (price.create), and the fee rounding rule (settings.manage). What a
user may not do is not shown at all; the services refuse it anyway."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QSplitter, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.context import GuiContext
from app.windows.master_category_new import NewCategoryForm
from app.windows.master_changes import master_changes
from app.windows.master_commodity_new import NewCommodityForm
from app.windows.master_fee_rounding import FeeRoundingForm
from app.windows.master_price_change import ChangePriceForm
from app.windows.master_price_data import PriceCatalog, PriceTarget, load_price_catalog
from app.windows.master_price_history import PriceHistoryView
from app.windows.master_price_tree import PriceTree
from app.windows.master_terms import rounding_unit
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

LIST_SHARE, EDIT_SHARE = 3, 2   # the list is what is read most; the forms are small


class PricesScreen(Retranslating, QWidget):
    refreshed = Signal()   # the list shows the database's current catalog

    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("master_prices")
        self._ctx = ctx
        can = ctx.actor.can
        self.catalog: PriceCatalog | None = None
        self._select_after: tuple[str, int] | None = None   # what a save created, chosen once listed
        self._message_text: Callable[[], str] = str

        self.filter = QLineEdit()
        self.filter.setObjectName("price_filter")
        self.filter.setClearButtonEnabled(True)
        self.tree = PriceTree()
        self.filter.textChanged.connect(self.tree.set_filter)
        self.filter.returnPressed.connect(self._pick_first)
        self.filter_action = make_action(self, "Ctrl+F", self._focus_filter)

        # The forms this user may use, each on its own page; the others do not exist.
        self.tabs = QTabWidget()
        self.change_form = ChangePriceForm(ctx) if can("price.edit") else None
        self.commodity_form = NewCommodityForm(ctx) if can("price.create") else None
        self.category_form = NewCategoryForm(ctx) if can("price.create") else None
        self.rounding_form = FeeRoundingForm(ctx) if can("settings.manage") else None
        for form in self._forms():
            self.tabs.addTab(form, "")
        self.tabs.setVisible(self.tabs.count() > 0)
        if self.commodity_form is not None:
            self.commodity_form.saved.connect(lambda info: self._select_later("commodity", info.id))
        if self.category_form is not None:
            self.category_form.saved.connect(lambda info: self._select_later("category", info.id))

        self.actions_shown = []
        self.change_action = self._action("price.edit", "Ctrl+E", self.change_price)
        self.new_commodity_action = self._action("price.create", "Ctrl+N", self.new_commodity)
        self.new_category_action = self._action("price.create", "Ctrl+Shift+N", self.new_category)
        self.active_action = self._action("price.create", "Ctrl+D", self.toggle_active)
        self.refresh_action = make_action(self, "F5", self.refresh)
        toolbar = QHBoxLayout()
        for action in self.actions_shown + [self.refresh_action]:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toolbar.addWidget(button)
        toolbar.addStretch(1)

        self.history = PriceHistoryView(ctx)
        self.rounding_label = QLabel()
        self.rounding_label.setObjectName("rounding")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.tree, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs)
        right_layout.addWidget(self.rounding_label)
        right_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, LIST_SHARE)
        splitter.setStretchFactor(1, EDIT_SHARE)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self.tree.target_changed.connect(self._target_changed)
        master_changes(ctx).catalog_changed.connect(self.refresh)
        self.retranslate()
        self._target_changed(None)
        self.filter.setFocus()
        self.refresh()

    def _forms(self) -> list[QWidget]:
        return [f for f in (self.change_form, self.commodity_form, self.category_form, self.rounding_form)
                if f is not None]

    def _action(self, permission: str, shortcut: str, slot):
        if not self._ctx.actor.can(permission):
            return None
        action = make_action(self, shortcut, slot)
        self.actions_shown.append(action)
        return action

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(self.tr("Filter by name or pinyin initials (Ctrl+F), Enter picks the "
                                               "first"))
        titles = {self.change_form: self.tr("Change price"), self.commodity_form: self.tr("New commodity"),
                  self.category_form: self.tr("New category"), self.rounding_form: self.tr("Fee rounding")}
        for form in self._forms():
            self.tabs.setTabText(self.tabs.indexOf(form), titles[form])
        if self.change_action is not None:
            set_action_text(self.change_action, self.tr("Change price"))
        if self.new_commodity_action is not None:
            set_action_text(self.new_commodity_action, self.tr("New commodity"))
            set_action_text(self.new_category_action, self.tr("New category"))
        set_action_text(self.refresh_action, self.tr("Refresh"))
        self._update_active_action()
        self._show_rounding()
        self.message.setText(self._message_text())

    # ---- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: load_price_catalog(db, actor), on_success=self._loaded, on_failure=self._load_failed,
                parent=self)

    def _loaded(self, catalog: PriceCatalog) -> None:
        self.catalog = catalog
        chosen = self.tree.current_target()
        if self.commodity_form is not None:
            self.commodity_form.set_categories([c.info for c in catalog.categories],
                                               chosen.category_id if chosen else None)
        if self.rounding_form is not None:
            self.rounding_form.show_rule(catalog.rounding_fen)
        self.tree.set_catalog(catalog)
        if self._select_after is not None:
            kind, target_id = self._select_after
            self._select_after = None
            self.tree.select(kind, target_id)
        self._show_rounding()
        self.refreshed.emit()

    def _load_failed(self, exc: Exception) -> None:
        self._say(lambda: error_text(exc))

    def _show_rounding(self) -> None:
        if self.catalog is None:
            self.rounding_label.setText("")
        else:
            self.rounding_label.setText(self.tr("Fees are rounded %1.").replace(
                "%1", rounding_unit(self.catalog.rounding_fen)))

    def _select_later(self, kind: str, target_id: int) -> None:
        self._select_after = (kind, target_id)

    # ---- the chosen commodity or category ------------------------------------------------------

    def _target_changed(self, target: PriceTarget | None) -> None:
        if self.change_form is not None:
            self.change_form.set_target(target, self._current_fen(target))
        self.history.show_target(target)   # again for the same one: a save may have added a row
        self._update_active_action()

    def _current_fen(self, target: PriceTarget | None) -> int | None:
        if target is None or self.catalog is None:
            return None
        if target.kind == "category":
            found = next((c for c in self.catalog.categories if c.info.id == target.id), None)
            return found.price.new_unit_price_fen if found is not None and found.price is not None else None
        found = next((c for c in self.catalog.commodities if c.info.id == target.id), None)
        return found.row.unit_price_fen if found is not None and found.row is not None else None

    def _update_active_action(self) -> None:
        if self.active_action is None:
            return
        target = self.tree.current_target()
        deactivate = target is None or target.active
        set_action_text(self.active_action, self.tr("Deactivate") if deactivate else self.tr("Activate"))
        self.active_action.setEnabled(target is not None)

    # ---- commands ---------------------------------------------------------------------------

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _pick_first(self) -> None:
        if self.tree.select_first_visible():
            self.tree.setFocus()

    def _open(self, form: QWidget | None) -> None:
        if form is not None:
            self.tabs.setCurrentWidget(form)

    def change_price(self) -> None:
        self._open(self.change_form)
        if self.change_form is not None:
            self.change_form.price.setFocus()

    def new_commodity(self) -> None:
        self._open(self.commodity_form)
        if self.commodity_form is not None:
            target = self.tree.current_target()
            self.commodity_form.start(target.category_id if target else None)

    def new_category(self) -> None:
        self._open(self.category_form)
        if self.category_form is not None:
            self.category_form.start()

    def toggle_active(self) -> None:
        from app.weighing import catalog
        target = self.tree.current_target()
        if target is None or self.active_action is None:
            return
        db, actor, active = self._ctx.db, self._ctx.actor, not target.active
        update = catalog.update_commodity if target.kind == "commodity" else catalog.update_category
        self.active_action.setEnabled(False)
        ops.run(lambda: update(db, actor, target.id, active=active),
                on_success=lambda info: self._active_changed(info.name, info.active),
                on_failure=self._toggle_failed, parent=self)

    def _active_changed(self, name: str, active: bool) -> None:
        if active:
            self._say(lambda: self.tr("%1 is active again.").replace("%1", name))
        else:
            self._say(lambda: self.tr("%1 is deactivated: the desk no longer offers it.").replace("%1", name))
        master_changes(self._ctx).catalog_changed.emit()

    def _toggle_failed(self, exc: Exception) -> None:
        self._update_active_action()
        self._say(lambda: error_text(exc))

    def _say(self, text: Callable[[], str]) -> None:
        self._message_text = text
        self.message.setText(text())
