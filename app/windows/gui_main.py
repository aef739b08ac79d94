"""`marketdesk gui`: the desktop application.

MARKETDESK_EXIT_AFTER_PAINT=1 makes it print "painted" and exit once the login window has
painted: bench/startup.py times that against a bare PySide6 window. The path to that paint is
kept lean on purpose (the database layer loads only afterwards)."""
from __future__ import annotations

import os

from app.windows.application import create_application, install_language
from app.windows.controller import AppController
from app.windows.local_settings import saved_settings


def run_gui(cli_db: str | None, lang: str | None = None) -> int:
    app = create_application()
    app.setQuitOnLastWindowClosed(False)  # the controller decides when the program ends
    install_language(lang or saved_settings().language)
    controller = AppController(cli_db)
    controller.finished.connect(app.exit)
    if os.environ.get("MARKETDESK_EXIT_AFTER_PAINT") == "1":
        # Connected before start(): runs before the database would be opened, so the
        # benchmark measures the window and nothing else, and no work is cut off at exit.
        controller.login_window.first_painted.connect(lambda: _report_painted(controller))
    controller.start()
    code = app.exec()
    controller.shutdown()
    return code


def _report_painted(controller: AppController) -> None:
    print("painted", flush=True)
    controller.quit()
