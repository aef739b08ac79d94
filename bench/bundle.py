"""`python -m bench.bundle` (after `make dist`): the size of the one-folder bundle and of the
installer, and the cold start of the bundled program to the painted login window, against the
same program run from the source tree by the venv's Python, measured in the same run
(interleaved, median of N). Goal (issue 9): the bundle starts in < 2 s here."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import replace_section
from bench.startup import RUNS, TIMEOUT_S, time_until_painted

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "marketdesk"


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def main() -> int:
    exe = BUNDLE / ("marketdesk.exe" if sys.platform == "win32" else "marketdesk")
    if not exe.exists():
        print(f"{exe} not found: run `make dist` first", file=sys.stderr)
        return 1
    installers = sorted((ROOT / "dist").glob("MarketDesk-*-setup.exe"))
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               MARKETDESK_EXIT_AFTER_PAINT="1")
    with tempfile.TemporaryDirectory() as home:
        env["MARKETDESK_HOME"] = home
        db_url = f"sqlite:///{home}/bench.sqlite3"
        subprocess.run([str(exe), "--db", db_url, "demo", "seed"], check=True, capture_output=True, env=env,
                       timeout=TIMEOUT_S)
        bundled_argv = [str(exe), "--db", db_url, "gui"]
        source_argv = [sys.executable, str(ROOT / "main.py"), "--db", db_url, "gui"]
        first_s = time_until_painted(bundled_argv, env)   # the first start after the OS cache was cold-ish
        time_until_painted(source_argv, env)
        bundled, source = [], []
        for _ in range(RUNS):
            bundled.append(time_until_painted(bundled_argv, env))
            source.append(time_until_painted(source_argv, env))
    bundled_s, source_s = statistics.median(bundled), statistics.median(source)
    verdict = "meets" if bundled_s < 2.0 else "MISSES"
    installer = (f"{installers[-1].name}: {size_mb(installers[-1]):.0f} MB (compressed as built; the release "
                 "build uses solid LZMA)" if installers else "no installer built (makensis missing)")
    report = (
        "## Bundle (`make dist`, `python -m bench.bundle`)\n\n"
        f"{time.strftime('%Y-%m-%d')}, Linux bundle built here, offscreen, median of {RUNS} interleaved runs.\n\n"
        f"- one-folder bundle: {size_mb(BUNDLE):.0f} MB; {installer}\n\n"
        "| program | median s | min s | max s |\n|---|---|---|---|\n"
        f"| from the source tree with the venv's Python (baseline) | {source_s:.3f} | {min(source):.3f} | "
        f"{max(source):.3f} |\n"
        f"| the bundle | {bundled_s:.3f} | {min(bundled):.3f} | {max(bundled):.3f} |\n\n"
        f"First start of the bundle in this run: {first_s:.3f} s. Bundle / source: {bundled_s / source_s:.2f}x; "
        f"{verdict} the goal of < 2 s.\n")
    replace_section("## Bundle", report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
