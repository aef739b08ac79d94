"""The Reconciliation screen: import a channel's statement (file, channel, format; a refused
import lists its errors and offers the valid rows), a summary by outcome, the open differences
(filtered by kind; resolved ones on request; the first SHOWN_MAX of them, saying so when there
are more), resolve one with a note, export the report.
Payments arrive at other counters too: every POLL_MS the screen asks for a cheap stamp (the
newest ids) and reloads, matching again what is open, only when it moved; the polling stops
while the screen is hidden."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from app.db.clock import to_local
from app.money import format_fen
from app.windows import ops
from app.windows.dialogs import open_tracked
from app.windows.messages import error_text
from app.windows.reconcile_dialogs import ImportErrorsDialog, ResolveDialog
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table

if TYPE_CHECKING:
    from app.reconcile.report import Overview
    from app.windows.context import GuiContext

POLL_MS = 10_000
SHOWN_MAX = 2_000
CHANNELS = ("wechat", "alipay", "bank_card", "bank_transfer")
PRESETS = (None, "wechat", "alipay", "bank", "custom")
OUTCOMES = (None, "missing_ours", "missing_channel", "amount_mismatch")


class ReconcileScreen(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext"):
        super().__init__()
        self.setObjectName("reconcile_screen")
        self._ctx = ctx
        self.dialog = None
        self.data: Overview | None = None
        self.last_stamp: tuple | None = None
        self.busy = False
        self.channel, self.preset, self.outcome = QComboBox(), QComboBox(), QComboBox()
        self.channel.addItems([""] * len(CHANNELS))
        self.preset.addItems([""] * len(PRESETS))
        self.outcome.addItems([""] * len(OUTCOMES))
        self.outcome.currentIndexChanged.connect(lambda _i: self._show())
        self.resolved = QCheckBox()
        self.resolved.setObjectName("show_resolved")
        self.resolved.toggled.connect(lambda _on: self.reload())
        self.import_button, self.resolve_button = QPushButton(), QPushButton()
        self.xlsx_button, self.pdf_button = QPushButton(), QPushButton()
        for button, slot in ((self.import_button, self.choose_file), (self.resolve_button, self.resolve_selected),
                             (self.xlsx_button, lambda: self.choose_export("xlsx")),
                             (self.pdf_button, lambda: self.choose_export("pdf"))):
            button.clicked.connect(slot)
        self.summary = QLabel()
        self.summary.setObjectName("reconcile_summary")
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("reconcile_message")
        self.message.setWordWrap(True)
        self.capped = QLabel()
        self.capped.setObjectName("reconcile_capped")
        self.capped.hide()
        self.table = make_table(9, "reconcile_items", stretch_column=8)
        self.labels = [QLabel() for _ in range(3)]
        top = QHBoxLayout()
        for widget in (self.labels[0], self.channel, self.labels[1], self.preset, self.import_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        filters = QHBoxLayout()
        for widget in (self.labels[2], self.outcome, self.resolved):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.capped)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        titles = {"wechat": self.tr("WeChat Pay"), "alipay": self.tr("Alipay"), "bank_card": self.tr("Bank card"),
                  "bank_transfer": self.tr("Bank transfer")}
        self.channel_titles = titles
        for i, channel in enumerate(CHANNELS):
            self.channel.setItemText(i, titles[channel])
        for i, text in enumerate((self.tr("Usual for the channel"), self.tr("WeChat Pay bill"),
                                  self.tr("Alipay business detail"), self.tr("Bank (date, reference, amount, fee)"),
                                  self.tr("Custom mapping"))):
            self.preset.setItemText(i, text)
        self.outcome_titles = {"missing_ours": self.tr("Missing on our side"),
                               "missing_channel": self.tr("Missing on the channel side"),
                               "amount_mismatch": self.tr("Amount mismatch")}
        self.outcome.setItemText(0, self.tr("All differences"))
        for i, outcome in enumerate(OUTCOMES[1:], start=1):
            self.outcome.setItemText(i, self.outcome_titles[outcome])
        for label, text in zip(self.labels, (self.tr("Channel"), self.tr("Format"), self.tr("Show"))):
            label.setText(text)
        self.resolved.setText(self.tr("Resolved too"))
        self.import_button.setText(self.tr("Import statement…"))
        self.resolve_button.setText(self.tr("Resolve…"))
        self.xlsx_button.setText(self.tr("Export XLSX…"))
        self.pdf_button.setText(self.tr("Export PDF…"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Item"), self.tr("Difference"), self.tr("Channel"), self.tr("Transaction no."), self.tr("Time"),
            self.tr("Channel amount"), self.tr("Our amount"), self.tr("Fee"), self.tr("Note")])
        self._show()

    # ---- polling -----------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()
        super().hideEvent(event)

    def poll(self) -> None:
        from app.reconcile.report import changes_stamp
        if self.busy:
            return
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: changes_stamp(db, actor),
                on_success=lambda stamp: self.reload() if stamp != self.last_stamp else None,
                on_failure=lambda exc: self._say(error_text(exc)), parent=self)

    def reload(self) -> None:
        from app.reconcile.report import changes_stamp, overview
        from app.reconcile.service import refresh
        db, actor, open_only = self._ctx.db, self._ctx.actor, not self.resolved.isChecked()

        def work():
            refresh(db, actor)
            return changes_stamp(db, actor), overview(db, actor, open_only=open_only, limit=SHOWN_MAX)
        self.busy = True
        ops.run(work, on_success=self._loaded, on_failure=self._failed, parent=self)

    def _loaded(self, result) -> None:
        self.busy = False
        self.last_stamp, self.data = result
        self._show()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._say(error_text(exc))

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def shown_items(self) -> list:
        wanted = OUTCOMES[max(0, self.outcome.currentIndex())]
        items = self.data.items if self.data is not None else []
        return [i for i in items if wanted is None or i.outcome == wanted]

    def _show(self) -> None:
        if not hasattr(self, "outcome_titles"):
            return
        if self.data is not None:
            s = self.data.summary
            self.summary.setText(self.tr("Statements %1 · lines %2 · matched %3 (%4 yuan) · fees %5 yuan · open: "
                                         "missing on our side %6, missing on the channel side %7, amount "
                                         "mismatch %8 · resolved %9")
                                 .replace("%1", str(s.statements)).replace("%2", str(s.lines))
                                 .replace("%3", str(s.matched)).replace("%4", format_fen(s.matched_fen))
                                 .replace("%5", format_fen(s.fee_fen))
                                 .replace("%6", str(s.open_by_outcome["missing_ours"]))
                                 .replace("%7", str(s.open_by_outcome["missing_channel"]))
                                 .replace("%8", str(s.open_by_outcome["amount_mismatch"]))
                                 .replace("%9", str(s.resolved)))
            self.capped.setText(self.tr("Showing the first %1 of %2 differences.")
                                .replace("%1", f"{len(self.data.items):,}").replace("%2", f"{self.data.shown_of:,}"))
        self.capped.setVisible(self.data is not None and self.data.truncated)
        items = self.shown_items()
        self.table.setRowCount(len(items))
        for row, i in enumerate(items):
            fill_row(self.table, row, [
                i.key, self.outcome_titles[i.outcome], self.channel_titles.get(i.channel, i.channel), i.reference,
                to_local(i.at).strftime("%Y-%m-%d %H:%M"),
                "" if i.channel_fen is None else format_fen(i.channel_fen),
                "" if i.ours_fen is None else format_fen(i.ours_fen), format_fen(i.fee_fen), i.note or ""],
                dimmed=i.note is not None, right_aligned=(5, 6, 7))
        self.resolve_button.setEnabled(bool(items))

    # ---- import ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import a channel statement"), str(Path.home()),
                                                    self.tr("Statements (*.csv *.xlsx *.txt)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str, accept_valid_rows: bool = False) -> None:
        from app.reconcile.service import import_statement
        db, actor = self._ctx.db, self._ctx.actor
        channel = CHANNELS[self.channel.currentIndex()]
        preset = PRESETS[self.preset.currentIndex()]
        self._say(self.tr("Importing %1…").replace("%1", Path(path).name))
        ops.run(lambda: import_statement(db, actor, path, channel=channel, preset=preset,
                                         accept_valid_rows=accept_valid_rows),
                on_success=self._imported, on_failure=lambda exc: self._import_failed(path, exc), parent=self)

    def _imported(self, result) -> None:
        self._say(self.tr("%1: %2 lines imported, %3 matched, %4 rows skipped.").replace("%1", result.file_name)
                  .replace("%2", str(result.lines)).replace("%3", str(result.matched))
                  .replace("%4", str(result.skipped)))
        self.reload()

    def _import_failed(self, path: str, exc: Exception) -> None:
        from app.reconcile.service import ImportRefused
        if not isinstance(exc, ImportRefused):
            self._say(error_text(exc))
            return
        self._say(self.tr("The statement was not imported."))
        dialog = ImportErrorsDialog(self, Path(path).name, [str(e) for e in exc.errors], exc.error_count,
                                    exc.valid_count)
        dialog.import_valid.connect(lambda: self.import_file(path, accept_valid_rows=True))
        open_tracked(self, dialog)

    # ---- resolve and export ------------------------------------------------------------------

    def resolve_selected(self) -> None:
        items = self.shown_items()
        row = self.table.currentRow()
        if not 0 <= row < len(items):
            self._say(self.tr("Select a difference in the list first."))
            return
        item = items[row]
        dialog = ResolveDialog(self, self._ctx, item.key, f"{self.outcome_titles[item.outcome]} · {item.reference}")
        dialog.succeeded.connect(lambda _r: self.reload())
        open_tracked(self, dialog)

    def choose_export(self, kind: str) -> None:
        suggested = str(Path.home() / f"reconciliation-{datetime.now():%Y%m%d}.{kind}")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the reconciliation report"), suggested,
                                                    f"*.{kind}")
        if path:
            self.export(path)

    def export(self, path: str) -> None:
        from app.reconcile.report import export_pdf, export_xlsx
        db, actor = self._ctx.db, self._ctx.actor

        def work():
            if path.lower().endswith(".pdf"):
                from app.printing.branding import load_branding
                return export_pdf(db, actor, path, printed_at=datetime.now().replace(microsecond=0),
                                  market_name=load_branding(db).market_name)
            return export_xlsx(db, actor, path)
        self._say(self.tr("Writing the report…"))
        ops.run(work, on_success=lambda p: self._say(self.tr("Report saved: %1").replace("%1", str(p))),
                on_failure=lambda exc: self._say(error_text(exc)), parent=self)
