"""The print queue: a small tool window beside the desk listing this counter's jobs, with what
to do about a failed one (Retry, Other printer…, Skip…) and a reprint of a printed one.

It opens by itself when a job fails, without taking the keyboard from the desk (the cashier
may be typing a plate); opened from the status bar or the menu it is activated as usual.
Every service call runs off the GUI thread, with the buttons disabled until it returns, so
a double click acts once. The list follows PrintQueueWatch; a light timer only redraws the
"retrying in N s" countdown, it does not query."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QShowEvent, QHideEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.db.clock import to_local
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.messages import error_text
from app.windows.print_names import job_state_title, kind_title
from app.windows.print_queue_watch import PrintQueueWatch
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.printing.queue import Job
    from app.windows.context import GuiContext

COUNTDOWN_INTERVAL_MS = 1000
PANEL_SIZE = (820, 300)      # fits beside a desk at 1366x768
FAILED_COLOR = "#b00020"
COLUMNS = ("time", "document", "number", "state", "attempts", "printer", "reason")


class PrintQueuePanel(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext", watch: PrintQueueWatch | None = None,
                 parent: QWidget | None = None):
        # A tool window: stays above its main window, has no taskbar entry of its own.
        super().__init__(parent, Qt.WindowType.Tool)
        self.setObjectName("print_queue")
        self._ctx = ctx
        self.watch = watch or PrintQueueWatch(ctx, self)
        self.dialog: QWidget | None = None  # the skip / other printer / supervisor dialog while open
        self._jobs: list[Job] = []
        self._busy = False
        self._wanted_job: int | None = None  # select this job once the list has it
        self._message_text = str
        self._placed = False

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("print_jobs")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._sync)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        self.retry_action = make_action(self, "Ctrl+R", self.retry)
        self.other_action = make_action(self, "Ctrl+O", self.other_printer)
        self.skip_action = make_action(self, "Ctrl+K", self.skip)
        self.reprint_action = make_action(self, "Ctrl+P", self.reprint)
        self.close_action = make_action(self, "Esc", self.close)
        self.retry_button, self.other_button, self.skip_button, self.reprint_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.supervisor_button, self.close_button = QPushButton(), QPushButton()
        for button, slot in ((self.retry_button, self.retry), (self.other_button, self.other_printer),
                             (self.skip_button, self.skip), (self.reprint_button, self.reprint),
                             (self.supervisor_button, self.reprint), (self.close_button, self.close)):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        # Reprint is hidden from whoever lacks voucher.reprint; they get the supervisor's way instead.
        self._may_reprint = ctx.actor.can("voucher.reprint")
        self.reprint_button.setVisible(self._may_reprint)
        self.supervisor_button.setVisible(not self._may_reprint)
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.other_button, self.skip_button, self.reprint_button,
                       self.supervisor_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(*PANEL_SIZE)

        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_INTERVAL_MS)
        self._countdown.timeout.connect(self._redraw_states)
        self.watch.jobs_loaded.connect(self.show_jobs)
        self.watch.load_failed.connect(self._load_failed)
        self.retranslate()
        self.show_jobs(self.watch.jobs)
        if watch is None:
            self.watch.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Print queue"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Document"), self.tr("Number"), self.tr("State"),
            self.tr("Attempts"), self.tr("Printer"), self.tr("Reason")])
        reprint = self.tr("Reprint") if self._may_reprint else self.tr("Reprint with a supervisor…")
        for action, button, text in ((self.retry_action, self.retry_button, self.tr("Retry")),
                                     (self.other_action, self.other_button, self.tr("Other printer…")),
                                     (self.skip_action, self.skip_button, self.tr("Skip…")),
                                     (self.reprint_action, self.shown_reprint_button, reprint),
                                     (self.close_action, self.close_button, self.tr("Close"))):
            set_action_text(action, text)
            button.setText(action.text())
        self._fill()
        self.message.setText(self._message_text())

    @property
    def shown_reprint_button(self) -> QPushButton:
        return self.reprint_button if self._may_reprint else self.supervisor_button

    # ---- showing ----------------------------------------------------------------------------

    def show_job(self, job_id: int | None = None, *, activate: bool = True) -> None:
        """Show the panel with `job_id` selected. activate=False when it is the program, not
        the cashier, that opens it: the keyboard stays where the cashier is typing."""
        if job_id is not None:
            self._wanted_job = job_id
            self._select_wanted()
        if not self.isVisible():
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not activate)
            self._place()
            self.show()
        self.raise_()
        if activate:
            self.activateWindow()
            self.table.setFocus()

    def _place(self) -> None:
        """The first time: the bottom right corner of the main window, away from the desk's
        fields; afterwards wherever the cashier moved it."""
        owner = self.parentWidget()
        if self._placed or owner is None:
            return
        self._placed = True
        frame = owner.frameGeometry()
        self.move(max(frame.left(), frame.right() - self.width() - 20),
                  max(frame.top(), frame.bottom() - self.height() - 60))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._redraw_states()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._countdown.stop()

    def show_jobs(self, jobs: "list[Job]") -> None:
        self._jobs = list(jobs)
        self._fill()

    def _load_failed(self, exc: Exception) -> None:
        self._show_message(lambda: error_text(exc))

    def _fill(self) -> None:
        selected = self.selected_job()
        keep = selected.id if selected is not None else None
        self.table.setRowCount(len(self._jobs))
        for row, job in enumerate(self._jobs):
            for column, text in enumerate(self._cells(job)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, job.id)
                if job.state == "failed":
                    item.setForeground(QBrush(QColor(FAILED_COLOR)))
                if COLUMNS[column] == "reason" and text:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        if self._wanted_job is None or not self._select_wanted():
            self._select(keep)
        self._redraw_states()
        self._sync()

    def _cells(self, job: "Job") -> list[str]:
        created = to_local(job.created_at)
        when = created.strftime("%H:%M:%S" if created.date() == datetime.now().date() else "%m-%d %H:%M")
        number = job.doc_number or ""
        if job.reprint_no:
            number = self.tr("%1 (reprint %2)").replace("%1", number).replace("%2", str(job.reprint_no))
        return [when, kind_title(job.kind), number, self._state_text(job), str(job.attempts),
                job.printer or self.tr("Receipt printer"), job.last_error or ""]

    def _state_text(self, job: "Job") -> str:
        if job.state == "failed" and job.printed_maybe:
            # Bytes went out before it failed: the paper may hold the voucher already, and a
            # Retry prints it marked as a duplicate.
            return self.tr("Failed, may have printed")
        if job.state != "failed" or job.next_attempt_at is None:
            return job_state_title(job.state)
        # The database's clock set next_attempt_at; on one PC (SQLite) it is this clock, on a
        # server a second or two of difference only shifts the countdown.
        left = job.next_attempt_at.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)
        seconds = max(0, round(left.total_seconds()))
        if seconds == 0:
            return self.tr("Failed, retrying now")
        return self.tr("Failed, retrying in %1 s").replace("%1", str(seconds))

    def _redraw_states(self) -> None:
        column = COLUMNS.index("state")
        for row, job in enumerate(self._jobs):
            item = self.table.item(row, column)
            if item is not None:
                item.setText(self._state_text(job))
        retrying = any(j.state == "failed" and j.next_attempt_at is not None for j in self._jobs)
        if retrying and self.isVisible():
            self._countdown.start()
        else:
            self._countdown.stop()

    # ---- selection --------------------------------------------------------------------------

    def selected_job(self) -> "Job | None":
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        if item is None:  # the table is being refilled
            return None
        job_id = item.data(Qt.ItemDataRole.UserRole)
        return next((job for job in self._jobs if job.id == job_id), None)

    def _select(self, job_id: int | None) -> bool:
        for row, job in enumerate(self._jobs):
            if job.id == job_id:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
                return True
        return False

    def _select_wanted(self) -> bool:
        if self._select(self._wanted_job):
            self._wanted_job = None
            return True
        return False

    def _sync(self) -> None:
        job = self.selected_job()
        failed = job is not None and job.state == "failed" and not self._busy
        reprintable = (job is not None and job.state == "done" and job.kind != "test_page"
                       and not self._busy)
        for action, button, enabled in ((self.retry_action, self.retry_button, failed),
                                        (self.other_action, self.other_button, failed),
                                        (self.skip_action, self.skip_button, failed),
                                        (self.reprint_action, self.shown_reprint_button, reprintable)):
            action.setEnabled(enabled)
            button.setEnabled(enabled)

    # ---- acting -----------------------------------------------------------------------------

    def retry(self) -> None:
        job = self._acting_on("failed", self.retry_action)
        if job is None:
            return
        from app.printing.service import retry_job
        db, actor = self._ctx.db, self._ctx.actor
        self._run(lambda: retry_job(db, actor, job.id), lambda: self.tr("Sent to the printer again."))

    def other_printer(self) -> None:
        job = self._acting_on("failed", self.other_action)
        if job is None:
            return
        from app.settings_service import printer_settings
        # The settings file is read off the GUI thread too: it may sit on a slow network drive.
        self._set_busy(True)
        ops.run(printer_settings, on_success=lambda printers: self._choose_printer(job, printers),
                on_failure=self._failed, parent=self)

    def _choose_printer(self, job: "Job", printers) -> None:
        self._set_busy(False)
        own = job.printer or (printers[0].name if printers else None)
        others = [p.name for p in printers if p.name != own]
        if not others:
            self._show_message(lambda: self.tr("No other printer is configured at this counter "
                                               "(Printers screen)."))
            return
        from app.windows.print_job_dialogs import OtherPrinterDialog
        self._open_dialog(OtherPrinterDialog(self._ctx, job, others, self),
                          lambda: self.tr("Sent to the other printer."))

    def skip(self) -> None:
        job = self._acting_on("failed", self.skip_action)
        if job is None:
            return
        from app.windows.print_job_dialogs import SkipJobDialog
        self._open_dialog(SkipJobDialog(self._ctx, job, self), lambda: self.tr("Skipped."))

    def reprint(self) -> None:
        job = self._acting_on("done", self.reprint_action)
        if job is None:
            return
        if self._may_reprint:
            self._reprint(job, None)
            return
        # The GUI hides what this user may not do; a supervisor may authorise this one reprint.
        from app.windows.override import ask_supervisor
        self.dialog = ask_supervisor(self, self._ctx.db, "voucher.reprint", self._ctx.actor.counter or "",
                                     lambda override: self._reprint(job, override))
        self.dialog.finished.connect(self._dialog_closed)

    def _reprint(self, job: "Job", override) -> None:
        from app.ledger.ids import new_event_id
        from app.printing.service import reprint
        db, actor = self._ctx.db, self._ctx.actor
        request_id = new_event_id()  # one press, one reprint, even if the call is repeated
        self._run(lambda: reprint(db, actor, job_id=job.id, request_id=request_id, override=override),
                  lambda: self.tr("Reprint queued."))

    def _acting_on(self, state: str, action) -> "Job | None":
        job = self.selected_job()
        if self._busy or not action.isEnabled() or job is None or job.state != state:
            return None  # a second press while the first call runs, or a stale shortcut
        return job

    def _run(self, call, said) -> None:
        self._set_busy(True)
        ops.run(call, on_success=lambda job: self._acted(job, said), on_failure=self._failed, parent=self)

    def _open_dialog(self, dialog, said) -> None:
        self.dialog = dialog
        dialog.succeeded.connect(lambda job: self._acted(job, said))
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _acted(self, job: "Job", said) -> None:
        self._set_busy(False)
        self._wanted_job = job.id
        self._show_message(said)
        self._ctx.changes.print_jobs_changed.emit(job.id)
        if self._ctx.printing is not None:
            self._ctx.printing.wake()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_message(lambda: error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self._sync()

    def _show_message(self, text) -> None:
        self._message_text = text
        self.message.setText(text())
