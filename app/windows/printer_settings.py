"""The Printers screen (needs device.manage): this counter's receipt printers on the left
(list, form, Save), on the right Check status, Print test page, a preview of a voucher as it
would print, and the market's receipt branding.

Printers are saved through app.settings_service.update_printer_settings (audited), each
checked with PrinterSettings.validate first so a mistake is named next to the form with the
printer it belongs to. The print station reads the saved file at every job, so there is
nothing to restart. A test page goes through the print queue like a voucher (saving first
when the screen has unsaved changes, so the page tests what is saved); Check status asks the
printer on the form directly, off the GUI thread."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from app import config
from app.devices.printers.settings import PrinterSettings
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.branding_box import BrandingBox
from app.windows.context import GuiContext
from app.windows.messages import error_text
from app.windows.print_names import printer_state_title
from app.windows.printer_form import PrinterForm
from app.windows.printer_list import PrinterList
from app.windows.printer_preview import PrinterPreview
from app.windows.reloader import Reloader
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


def ask_status(printer: PrinterSettings):
    """Connect and ask DLE EOT (app.devices.printers.status): on a worker, never the GUI thread."""
    from app.devices.printers.backends import open_connection
    from app.devices.printers.status import query
    with open_connection(printer) as conn:
        return query(conn, printer.timeout_s)


def saved_printers() -> tuple[list[PrinterSettings], Exception | None]:
    """The saved printers, or none and why when the settings file cannot be read."""
    from app.errors import UserError
    from app.settings_service import printer_settings
    try:
        return printer_settings(), None
    except UserError as exc:
        return [], exc


class PrinterSettingsScreen(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("printer_settings")
        self._ctx = ctx
        saved, problem = saved_printers()
        self._saved = saved
        self._after_save: Callable[[], None] | None = None   # the test page waiting for a save
        self._checking = False
        self._testing = False
        self._test_job: int | None = None                    # the test page being followed
        self._result_text: Callable[[], str] = str

        self.printer_list = PrinterList(self)
        self.form = PrinterForm()
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        self.save_button, self.message = self.save_bar.button, self.save_bar.message

        self.status_action = make_action(self, "F5", self.check_status)
        self.test_action = make_action(self, "F9", self.print_test_page)
        self.status_button, self.test_button = QPushButton(), QPushButton()
        self.status_button.clicked.connect(self.check_status)
        self.test_button.clicked.connect(self.print_test_page)
        self.result = QLabel()
        self.result.setObjectName("printer_result")
        self.result.setWordWrap(True)
        self.preview = PrinterPreview()
        self.branding = BrandingBox(ctx, self)

        left = QVBoxLayout()
        left.addWidget(self.printer_list)
        left.addWidget(self.form_scroll, 1)
        left.addWidget(self.save_bar)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(buttons)
        right.addWidget(self.result)
        right.addWidget(self.preview, 1)
        right.addWidget(self.branding)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        self.printer_list.current_changed.connect(self._show_printer)
        self.printer_list.edited.connect(self._edited)
        self.form.changed.connect(self._form_changed)
        self.branding.changed.connect(self._update_preview)
        self._test_watch = Reloader(self._load_test_job, self)
        self._test_watch.loaded.connect(self._test_job_loaded)
        ctx.changes.print_jobs_changed.connect(self._job_changed)
        self.retranslate()
        self.printer_list.set_printers(saved)
        self._show_printer(self.printer_list.current_row())
        if problem is not None:
            self.save_bar.show_message(lambda: error_text(problem))

    def retranslate(self) -> None:
        set_action_text(self.status_action, self.tr("Check status"))
        self.status_button.setText(self.status_action.text())
        set_action_text(self.test_action, self.tr("Print test page"))
        self.test_button.setText(self.test_action.text())
        self.result.setText(self._result_text())

    # ---- the printers on the screen -------------------------------------------------------

    def printers(self) -> list[PrinterSettings]:
        return self.printer_list.printers()

    @property
    def dirty(self) -> bool:
        return self.printers() != self._saved

    def _show_printer(self, row: int) -> None:
        printer = self.printer_list.current()
        self.form.setEnabled(printer is not None)
        if printer is not None:
            self.form.load(printer)
        self._sync()
        self._update_preview()

    def _form_changed(self) -> None:
        self.printer_list.update_current(self.form.settings())
        self._update_preview()

    def _edited(self) -> None:
        self._sync()
        self._update_preview()

    def _update_preview(self) -> None:
        printer = self.printer_list.current()
        self.preview.show_for(printer, self.branding.branding())

    def _sync(self) -> None:
        has_printer = self.printer_list.current() is not None
        for action, button, enabled in ((self.status_action, self.status_button,
                                         has_printer and not self._checking),
                                        (self.test_action, self.test_button,
                                         has_printer and not self._testing)):
            action.setEnabled(enabled)
            button.setEnabled(enabled)

    def _show_result(self, text: Callable[[], str]) -> None:
        self._result_text = text
        self.result.setText(text())

    # ---- save -----------------------------------------------------------------------------

    def save(self, then: Callable[[], None] | None = None) -> None:
        printers = self.printers()
        for row, printer in enumerate(printers):
            try:
                printer.validate()
            except Exception as exc:
                self.printer_list.select(row)  # the form shows the printer the message is about
                self._after_save = None
                self.save_bar.show_message(lambda exc=exc, name=printer.name: self.tr(
                    "Printer “%1”:").replace("%1", name) + " " + error_text(exc))
                self._testing = False
                self._sync()
                return
        from app.settings_service import update_printer_settings
        db, actor = self._ctx.db, self._ctx.actor
        self._after_save = then
        self.save_bar.set_busy(True)
        ops.run(lambda: update_printer_settings(db, actor, printers),
                on_success=lambda saved: self._saved_ok(printers, saved), on_failure=self._save_failed,
                parent=self)

    def _saved_ok(self, printers: list[PrinterSettings], saved) -> None:
        self.save_bar.set_busy(False)
        self._saved = printers
        self.save_bar.show_message(lambda: self.tr("Saved."))
        if isinstance(saved, config.Settings):  # the service returns the settings file as saved
            self._ctx.changes.settings_changed.emit(saved)
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _save_failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        self._after_save = None
        self.save_bar.show_message(lambda: error_text(exc))
        if self._testing:
            self._testing = False
            self._sync()

    # ---- check status ---------------------------------------------------------------------

    def check_status(self) -> None:
        if not self.status_action.isEnabled():
            return
        printer = self.form.settings()
        try:
            printer.validate()
        except Exception as exc:
            self._show_result(lambda: error_text(exc))
            return
        self._checking = True
        self._sync()
        self._show_result(lambda: self.tr("Asking “%1”…").replace("%1", printer.name))
        ops.run(lambda: ask_status(printer), on_success=lambda status: self._status_known(printer, status),
                on_failure=self._status_failed, parent=self)

    def _status_known(self, printer: PrinterSettings, status) -> None:
        self._checking = False
        self._sync()
        self._show_result(lambda: self.tr("“%1”: %2").replace("%1", printer.name).replace(
            "%2", printer_state_title(status.state)) + (f" ({status.detail})" if status.detail else ""))

    def _status_failed(self, exc: Exception) -> None:
        self._checking = False
        self._sync()
        self._show_result(lambda: self.tr("No answer:") + " " + error_text(exc))

    # ---- test page ------------------------------------------------------------------------

    def print_test_page(self) -> None:
        if not self.test_action.isEnabled():
            return
        self._testing = True
        self._sync()
        if self.dirty:
            # The page tests what the station will use, i.e. what is saved.
            self._show_result(lambda: self.tr("Saving first…"))
            self.save(then=self._queue_test_page)
        else:
            self._queue_test_page()

    def _queue_test_page(self) -> None:
        from app.printing.service import print_test_page
        printer = self.printer_list.current()
        if printer is None:
            self._testing = False
            self._sync()
            return
        db, actor = self._ctx.db, self._ctx.actor
        name, description = printer.name, printer.describe()
        ops.run(lambda: print_test_page(db, actor, name, printer_description=description),
                on_success=lambda job: self._test_queued(name, job), on_failure=self._test_failed,
                parent=self)

    def _test_queued(self, name: str, job) -> None:
        self._testing = False
        self._sync()
        self._test_job = job.id
        self._show_result(lambda: self.tr("Test page queued for “%1”.").replace("%1", name))
        self._ctx.changes.print_jobs_changed.emit(job.id)
        if self._ctx.printing is not None:
            self._ctx.printing.wake()

    def _test_failed(self, exc: Exception) -> None:
        self._testing = False
        self._sync()
        self._show_result(lambda: error_text(exc))

    def _job_changed(self, job_id: int) -> None:
        if job_id == self._test_job:
            self._test_watch.request()

    def _load_test_job(self):
        from app.printing.service import print_job
        return print_job(self._ctx.db, self._test_job) if self._test_job is not None else None

    def _test_job_loaded(self, job) -> None:
        if job is None or job.id != self._test_job:
            return
        if job.state == "done":
            self._test_job = None
            self._show_result(lambda: self.tr("Test page printed on “%1”.").replace(
                "%1", job.printer or ""))
        elif job.state == "failed":
            self._show_result(lambda: self.tr("Test page not printed:") + " " + (job.last_error or ""))
