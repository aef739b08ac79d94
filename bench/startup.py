"""`python -m bench.startup`: cold start to the painted login window, against a bare PySide6 program showing one
label, measured in the same run (interleaved, median of N). Writes bench/RESULTS.md.

Goal (issue 2): MarketDesk <= 2x the bare program."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import replace_section

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TIMEOUT_S = 60

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
class Label(QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        if not getattr(self, "_done", False):
            self._done = True
            print("painted", flush=True)
            app.quit()
app = QApplication(sys.argv)
w = Label("MarketDesk")
w.show()
sys.exit(app.exec())
"""


def time_until_painted(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate(timeout=TIMEOUT_S)
    if "painted" not in line:
        raise RuntimeError(f"{argv} did not report a painted window: {line!r} {err[-2000:]}")
    return elapsed


def main() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               MARKETDESK_EXIT_AFTER_PAINT="1")
    with tempfile.TemporaryDirectory() as home:
        env["MARKETDESK_HOME"] = home
        db_url = f"sqlite:///{home}/bench.sqlite3"
        # A database with users, so the app opens on the login window (not first start).
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", db_url, "demo", "seed"],
                       check=True, capture_output=True, env=env, timeout=TIMEOUT_S)
        bare_argv = [sys.executable, "-c", BARE]
        app_argv = [sys.executable, str(ROOT / "main.py"), "--db", db_url, "gui"]
        time_until_painted(bare_argv, env)  # warm the OS file cache for both
        time_until_painted(app_argv, env)
        bare, app = [], []
        for _ in range(RUNS):
            bare.append(time_until_painted(bare_argv, env))
            app.append(time_until_painted(app_argv, env))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    ratio = app_s / bare_s
    verdict = "meets" if ratio <= 2.0 else "MISSES"
    report = (
        "## Cold start to the painted login window (`make bench`, `python -m bench.startup`)\n\n"
        f"Median of {RUNS} interleaved runs, offscreen, warm file cache, {time.strftime('%Y-%m-%d')}.\n\n"
        "| program | median s | min s | max s |\n|---|---|---|---|\n"
        f"| bare PySide6 label (baseline) | {bare_s:.3f} | {min(bare):.3f} | {max(bare):.3f} |\n"
        f"| MarketDesk login window | {app_s:.3f} | {min(app):.3f} | {max(app):.3f} |\n\n"
        f"Ratio MarketDesk / baseline: **{ratio:.2f}x** ({verdict} the goal of at most 2x).\n"
    )
    replace_section("## Cold start to the painted login window", report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
