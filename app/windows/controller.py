"""The sequence of windows from start to quit:

    login window (painted at once) → open the database in the background
      ├─ cannot open            → problem dialog: retry / change address / quit
      ├─ newer schema           → problem dialog: quit
      ├─ PostgreSQL behind      → upgrade dialog → open again
      ├─ no users yet           → first administrator → login
      └─ ready                  → login → main window → (log out) → login …

The controller, not Qt, decides when the program ends (`finished`), because windows are
hidden and replaced along the way."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog

from app import config
from app.auth.actor import Actor
from app.errors import SchemaMismatch, UserError
from app.windows import ops
from app.windows.changes import ChangeHub
from app.windows.dialogs import open_tracked
from app.windows.local_settings import remember_database_url, saved_settings
from app.windows.login import LoginWindow
from app.windows.startup_work import Opened, open_books

if TYPE_CHECKING:
    from app.db.database import Database
    from app.windows.main_window import MainWindow

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_NO_DATABASE = 1


EXPIRY_SWEEP_INTERVAL_MS = 5 * 60 * 1000


class AppController(QObject):
    finished = Signal(int)  # exit code

    def __init__(self, cli_db: str | None):
        super().__init__()
        self._cli_db = cli_db
        self._url = ""
        self._closing = False
        self.db: Database | None = None
        self.dialog: QDialog | None = None  # the problem, upgrade or first-admin dialog showing
        self.main_window: MainWindow | None = None
        self._ledger_problems: tuple[str, ...] = ()  # from the start-up check
        self._expiry_timer: QTimer | None = None
        self._changes = ChangeHub(self)
        from app.windows.counter_scale import CounterScale
        self._scale = CounterScale(self)  # started after login, stopped at logout
        from app.windows.print_station import PrintStation
        self._printing = PrintStation(self._changes, self)  # started after login, stopped at logout
        self.login_window = LoginWindow(saved_settings().counter_name)
        self.login_window.logged_in.connect(self._show_main)
        self.login_window.quit_requested.connect(self.quit)

    def start(self) -> None:
        # Open the books only once the login window is on screen: importing the database
        # layer on a worker would still compete with the first paint for the interpreter.
        self.login_window.first_painted.connect(self.open_database)
        self.login_window.show()

    # ---- opening the books --------------------------------------------------------------

    def open_database(self, url: str = "") -> None:
        if self._closing:
            return
        self.login_window.set_waiting()
        try:
            # Not saved_settings(): a broken settings file must stop us here, not send the
            # cashier's postings to the default database instead of the configured one.
            self._url = url or config.resolve_db_url(self._cli_db)
        except UserError as exc:
            self._open_failed(exc)
            return
        chosen = self._url
        ops.run(lambda: open_books(chosen), on_success=self._opened,
                on_failure=self._open_failed, parent=self.login_window)

    def _opened(self, opened: Opened) -> None:
        if self._closing:
            opened.db.dispose()
            return
        self.db = opened.db
        self._ledger_problems = opened.ledger_problems
        self._start_expiry_sweeps(opened.db)
        for problem in opened.ledger_problems:
            log.error("ledger check: %s", problem)
        if opened.upgraded is not None:
            log.info("%s upgraded to schema %s (backup: %s)", opened.db.describe(),
                     opened.upgraded.after, opened.upgraded.backup)
        if opened.has_users:
            self.login_window.set_database(opened.db)
        else:
            self._ask_first_admin(opened.db)

    def _start_expiry_sweeps(self, db: "Database") -> None:
        """Reservations past their expiry are released every few minutes, not only at start."""
        from app.ledger.service import expire_pending
        if self._expiry_timer is not None:
            self._expiry_timer.stop()
        timer = QTimer(self)
        timer.setInterval(EXPIRY_SWEEP_INTERVAL_MS)
        timer.timeout.connect(lambda: ops.run(lambda: expire_pending(db), parent=self.login_window))
        timer.start()
        self._expiry_timer = timer

    def _open_failed(self, exc: Exception) -> None:
        if self._closing:
            return
        if isinstance(exc, SchemaMismatch) and not exc.newer:
            from app.windows.upgrade import UpgradeDialog
            dialog = UpgradeDialog(exc, self._url, self.login_window.counter_name, self.login_window)
            dialog.upgraded.connect(lambda _result: self.open_database(self._url))
        else:
            from app.windows.db_problem import DbProblemDialog
            # A newer schema cannot be fixed from here: only installing the newer program helps.
            retry = not isinstance(exc, SchemaMismatch)
            dialog = DbProblemDialog(exc, self._url, can_retry=retry, parent=self.login_window)
            dialog.retry_requested.connect(self._retry)
        dialog.quit_requested.connect(lambda: self.quit(EXIT_NO_DATABASE))
        open_tracked(self, dialog)

    def _retry(self, url: str) -> None:
        if url and url != self._url:
            remember_database_url(url)
        self.open_database(url or self._url)

    def _ask_first_admin(self, db: "Database") -> None:
        from app.windows.first_admin import FirstAdminDialog
        dialog = FirstAdminDialog(db)
        dialog.succeeded.connect(self._first_admin_created)
        dialog.rejected.connect(lambda: self.quit(EXIT_OK))
        self.login_window.hide()
        open_tracked(self, dialog)

    def _first_admin_created(self, info) -> None:
        assert self.db is not None
        self.login_window.set_username(info.username)
        self.login_window.show()
        self.login_window.set_database(self.db)

    # ---- after login --------------------------------------------------------------------

    def _show_main(self, actor: Actor) -> None:
        from app.windows.context import GuiContext
        from app.windows.main_window import MainWindow
        assert self.db is not None
        ctx = GuiContext(self.db, actor, self._changes, saved_settings().counter_name,
                         self._ledger_problems, self._scale, self._printing)
        if actor.must_change_password:
            self._require_new_password(ctx)
            return
        self.main_window = MainWindow(ctx)
        self.main_window.logged_out.connect(self._logged_out)
        self.main_window.quit_requested.connect(self.quit)
        self.login_window.hide()
        self.main_window.show()
        self._scale.resume()  # a pause left by the last session's Scale screen ends with it
        if actor.counter:  # jobs belong to a counter; a workstation without a name prints none
            self._printing.start(self.db, actor.counter)

    def _require_new_password(self, ctx) -> None:
        """After an administrator's reset the temporary password works only to choose a new one."""
        from dataclasses import replace

        from app.windows.change_password import ChangePasswordDialog
        dialog = ChangePasswordDialog(ctx, self.login_window, required=True)
        dialog.succeeded.connect(lambda _: self._show_main(replace(ctx.actor, must_change_password=False)))
        dialog.rejected.connect(self.login_window.show)
        self.login_window.hide()
        open_tracked(self, dialog)

    def _logged_out(self) -> None:
        assert self.main_window is not None and self.db is not None
        self._scale.stop()
        self._printing.stop()
        self.main_window.deleteLater()
        self.main_window = None
        self.login_window.set_counter(saved_settings().counter_name)
        self.login_window.set_database(self.db)
        self.login_window.show()

    # ---- the end ------------------------------------------------------------------------

    def quit(self, code: int = EXIT_OK) -> None:
        """Stop starting work and tell whoever runs the event loop to end it (once: closing
        the windows at shutdown asks again)."""
        if self._closing:
            return
        self._closing = True
        self.finished.emit(code)

    def shutdown(self) -> None:
        """After the event loop: let running calls finish, then close the books."""
        self._closing = True
        if self._expiry_timer is not None:
            self._expiry_timer.stop()
        self._scale.stop()
        self._printing.stop()  # its thread ends on a worker: waited for just below
        ops.wait_for_workers()
        for window in (self.dialog, self.main_window, self.login_window):
            if window is not None:
                window.close()
                window.deleteLater()  # on this thread, not whenever Python collects them
        if self.db is not None:
            self.db.dispose()
            self.db = None
