"""The main window: the screens this user may use on the left, the chosen one on the right,
the account menu (change password, log out, quit) and the status bar."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from app.windows import navigation
from app.windows.actions import make_action
from app.windows.context import GuiContext
from app.windows.dialogs import open_tracked
from app.windows.retranslate import Retranslating
from app.windows.status_bar import StatusBar

NAVIGATION_WIDTH_PX = 200
JUMP_SHORTCUTS_MAX = 9  # Ctrl+1 … Ctrl+9


class MainWindow(Retranslating, QMainWindow):
    logged_out = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("main_window")
        self.ctx = ctx
        self.dialog: QWidget | None = None  # the change-password dialog while it is open
        self._logging_out = False
        self._screens = navigation.screens_for(ctx.actor)
        self._widgets: dict[str, QWidget] = {}  # created on first visit

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(NAVIGATION_WIDTH_PX)
        # Big targets: read at arm's length, and used with a touch screen at some counters.
        font = self.nav.font()
        font.setPointSize(font.pointSize() + 3)
        self.nav.setFont(font)
        self.nav.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        self.nav.addItems([""] * len(self._screens))
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        for row in range(min(len(self._screens), JUMP_SHORTCUTS_MAX)):
            make_action(self, f"Ctrl+{row + 1}", lambda row=row: self.nav.setCurrentRow(row))

        self.account_menu = self.menuBar().addMenu("")
        self.change_password_action = self.account_menu.addAction("")
        self.change_password_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.change_password_action.triggered.connect(self.change_password)
        self.log_out_action = self.account_menu.addAction("")
        self.log_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.log_out_action.triggered.connect(self.log_out)
        self.account_menu.addSeparator()
        self.quit_action = self.account_menu.addAction("")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        # Also on the window itself, so the shortcuts do not depend on the menu bar.
        self.addActions([self.change_password_action, self.log_out_action, self.quit_action])

        self.shift_menu = None
        if ctx.actor.can("shift.open"):
            self.shift_menu = self.menuBar().addMenu("")
            self.open_shift_action = self.shift_menu.addAction("")
            self.open_shift_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
            self.open_shift_action.triggered.connect(self.open_shift)
            self.addAction(self.open_shift_action)
            ctx.changes.shift_changed.connect(self._shift_changed)
            from app.windows.shift_close_actions import ShiftCloseActions
            self.shift_close = ShiftCloseActions(self, ctx, self.shift_menu)

        self.status = StatusBar(ctx)
        self.setStatusBar(self.status)
        if ctx.scale is not None:
            ctx.scale.adapter.status_changed.connect(self.status.devices.scale.show_status)
            if ctx.scale.port is not None:
                self.status.devices.scale.show_status(ctx.scale.port.status())
        self._setup_printing()
        self._load_shift()
        self.nav.currentRowChanged.connect(self._show_row)
        self.retranslate()
        self.nav.setCurrentRow(0)
        self.resize(1024, 680)

    def _setup_printing(self) -> None:
        """The printer indicator follows this counter's queue and printer; a failed job opens
        the queue panel (created on first use)."""
        from app.windows.print_queue_watch import PrintQueueWatch
        self.print_queue = None  # the PrintQueuePanel once opened
        self.print_menu = self.menuBar().addMenu("")
        self.print_queue_action = self.print_menu.addAction("")
        # F11, not F12: F12 confirms at the desks.
        self.print_queue_action.setShortcut(QKeySequence("F11"))
        self.print_queue_action.triggered.connect(lambda _checked=False: self.show_print_queue())
        self.addAction(self.print_queue_action)
        indicator = self.status.devices.printer
        indicator.clicked.connect(self.show_print_queue)
        self.print_watch = PrintQueueWatch(self.ctx, self)
        self.print_watch.jobs_loaded.connect(indicator.show_jobs)
        self.print_watch.job_failed.connect(self._print_job_failed)
        station = self.ctx.printing
        if station is not None:
            station.adapter.status_changed.connect(indicator.show_status)
            station.adapter.settings_problem.connect(indicator.show_problem)
            if station.last_status is not None:
                indicator.show_status(*station.last_status)
            indicator.show_problem(station.settings_problem)
        self.print_watch.refresh()

    def print_queue_panel(self):
        if self.print_queue is None:
            from app.windows.print_queue_panel import PrintQueuePanel
            self.print_queue = PrintQueuePanel(self.ctx, self.print_watch, self)
        return self.print_queue

    def show_print_queue(self, job_id: int | None = None) -> None:
        """Opened by the cashier (F11, the status bar): it takes the keyboard."""
        self.print_queue_panel().show_job(job_id, activate=True)

    def _print_job_failed(self, job_id: int) -> None:
        # Opened by the program: the cashier keeps typing in the desk.
        self.print_queue_panel().show_job(job_id, activate=False)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("MarketDesk — %1").replace("%1", self.ctx.counter_name))
        for row, screen in enumerate(self._screens):
            self.nav.item(row).setText(navigation.title(screen))
            if row < JUMP_SHORTCUTS_MAX:
                self.nav.item(row).setToolTip(f"Ctrl+{row + 1}")
        self.account_menu.setTitle(self.tr("&Account"))
        self.change_password_action.setText(self.tr("Change password…"))
        self.log_out_action.setText(self.tr("Log out"))
        self.quit_action.setText(self.tr("Quit"))
        if self.shift_menu is not None:
            self.shift_menu.setTitle(self.tr("&Shift"))
            self.open_shift_action.setText(self.tr("Open shift…"))
            self.shift_close.retranslate()
        self.print_menu.setTitle(self.tr("&Printing"))
        self.print_queue_action.setText(self.tr("Print queue…"))

    # ---- screens ----------------------------------------------------------------------------

    def screen_keys(self) -> list[str]:
        return [s.key for s in self._screens]

    def show_screen(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.screen_keys().index(key))
        return self._widgets[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        screen = self._screens[row]
        widget = self._widgets.get(screen.key)
        if widget is None:
            widget = navigation.create(screen, self.ctx)
            self._widgets[screen.key] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)

    # ---- account ----------------------------------------------------------------------------

    def change_password(self) -> None:
        from app.windows.change_password import ChangePasswordDialog
        open_tracked(self, ChangePasswordDialog(self.ctx, self))

    # ---- shift ------------------------------------------------------------------------------

    def _shift_changed(self, shift) -> None:
        # A method, not a lambda: Qt disconnects it when this window is deleted (the hub lives on).
        self.open_shift_action.setEnabled(shift is None)

    def _load_shift(self) -> None:
        from app.ledger.service import current_shift
        from app.windows import ops
        db, actor, changes = self.ctx.db, self.ctx.actor, self.ctx.changes
        if actor.user_id is None or not actor.counter:
            return
        ops.run(lambda: current_shift(db, actor), on_success=changes.shift_changed.emit, parent=self)

    def open_shift(self) -> None:
        from app.windows.open_shift import OpenShiftDialog
        dialog = OpenShiftDialog(self.ctx, self)
        dialog.succeeded.connect(self.ctx.changes.shift_changed.emit)
        open_tracked(self, dialog)

    def log_out(self) -> None:
        self._logging_out = True
        self.close()
        self.logged_out.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._logging_out:
            self.quit_requested.emit()
