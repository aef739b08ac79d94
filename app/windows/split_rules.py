"""Payment splits (needs report.view; writing needs split.edit): the rules per category and
commodity with the version in force, the chosen one's history, the form of a new version, the
beneficiaries, and the report per beneficiary and period. Users without split.edit see
everything read-only: the forms are not there at all (the services refuse anyway)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.splits.rules import ScopeRules, VersionInfo
from app.splits.shares import format_share
from app.windows import ops
from app.windows.actions import make_action
from app.windows.context import GuiContext
from app.windows.master_times import local_text
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table
from app.windows.split_beneficiaries import BeneficiariesView
from app.windows.split_data import Scope, SplitData, load_split_data, split_changes
from app.windows.split_report_view import SplitReportView
from app.windows.split_rule_form import SplitRuleForm


def lines_text(version: VersionInfo | None) -> str:
    if version is None:
        return ""
    return ", ".join(f"{l.beneficiary_name} {format_share(l.as_line())}" for l in version.lines)


class SplitRulesScreen(Retranslating, QWidget):
    refreshed = Signal()   # the screen shows the database's rules and beneficiaries

    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("split_rules")
        self._ctx = ctx
        self.data: SplitData | None = None
        self.rules_table = make_table(4, "split_rule_list", stretch_column=1)
        self.rules_table.currentCellChanged.connect(lambda *_: self._chosen())
        self.history_title = QLabel()
        self.history = make_table(7, "split_history", stretch_column=2)
        self.form = SplitRuleForm(ctx) if ctx.actor.can("split.edit") else None
        self.beneficiaries = BeneficiariesView(ctx)
        self.report = SplitReportView(ctx)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        if self.form is not None:
            right_layout.addWidget(self.form)
        right_layout.addWidget(self.history_title)
        right_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.rules_table)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "")
        self.tabs.addTab(self.beneficiaries, "")
        self.tabs.addTab(self.report, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.refresh_action = make_action(self, "F5", self.refresh)
        split_changes(ctx).changed.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Rules"))
        self.tabs.setTabText(1, self.tr("Beneficiaries"))
        self.tabs.setTabText(2, self.tr("Report"))
        self.rules_table.setHorizontalHeaderLabels([self.tr("For"), self.tr("Shares now"), self.tr("The rest to"),
                                                    self.tr("Version")])
        self.history.setHorizontalHeaderLabels([
            self.tr("Version"), self.tr("Effective from"), self.tr("Shares"), self.tr("The rest to"),
            self.tr("Changed by"), self.tr("Changed at"), self.tr("Note")])
        self._fill()

    # ---- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: load_split_data(db, actor), on_success=self._loaded,
                on_failure=lambda exc: self.message.setText(error_text(exc)), parent=self)

    def _loaded(self, data: SplitData) -> None:
        self.data = data
        self.message.setText("")
        if self.form is not None:
            self.form.set_data(data)
        self.beneficiaries.set_beneficiaries(data.beneficiaries)
        self._fill()
        self.refreshed.emit()

    def _scope_label(self, rules: ScopeRules) -> str:
        label = self.tr("Category %1") if rules.scope == "category" else self.tr("Commodity %1")
        return label.replace("%1", rules.name)

    def _fill(self) -> None:
        scopes = self.data.rules if self.data is not None else ()
        chosen = self.rules_table.currentRow()
        self.rules_table.blockSignals(True)
        self.rules_table.setRowCount(len(scopes))
        for row, rules in enumerate(scopes):
            current = rules.current
            fill_row(self.rules_table, row, (
                self._scope_label(rules), lines_text(current) if current else self.tr("no split"),
                current.remainder_name if current else "", str(current.version) if current else ""),
                dimmed=current is None)
        if scopes:
            self.rules_table.setCurrentCell(min(max(chosen, 0), len(scopes) - 1), 0)
        self.rules_table.blockSignals(False)
        self._show_history()

    # ---- the chosen scope ---------------------------------------------------------------------

    def chosen(self) -> ScopeRules | None:
        row = self.rules_table.currentRow()
        if self.data is None or not 0 <= row < len(self.data.rules):
            return None
        return self.data.rules[row]

    def _chosen(self) -> None:
        rules = self._show_history()
        if self.form is not None and rules is not None:
            self.form.choose_scope(Scope(rules.scope, rules.scope_id, rules.name))
            if rules.current is not None:
                self.form.start_from(rules.current)

    def _show_history(self) -> ScopeRules | None:
        rules = self.chosen()
        versions = rules.history if rules is not None else ()
        self.history_title.setText(self.tr("History of the rule: %1").replace("%1", self._scope_label(rules))
                                   if rules is not None else self.tr("History: choose a rule in the list."))
        self.history.setRowCount(len(versions))
        for row, v in enumerate(versions):
            fill_row(self.history, row, (
                str(v.version), local_text(v.effective_at), self.tr("cleared") if v.cleared else lines_text(v),
                v.remainder_name or "", v.created_by, local_text(v.created_at), v.note))
        return rules

