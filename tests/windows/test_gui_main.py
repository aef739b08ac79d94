"""`marketdesk gui` starts, paints the login window and (for the benchmark) exits."""
import os
import subprocess
import sys

from app import ROOT_DIR

TIMEOUT_S = 60  # a hang is a failure, not a stuck test run


def test_exit_after_paint(tmp_path):
    env = dict(os.environ, MARKETDESK_HOME=str(tmp_path), MARKETDESK_EXIT_AFTER_PAINT="1",
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "--db",
                           f"sqlite:///{tmp_path / 'never-opened.sqlite3'}", "gui"],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["painted"]
    # The benchmark measures the window, not the database: nothing was opened.
    assert not (tmp_path / "never-opened.sqlite3").exists()
