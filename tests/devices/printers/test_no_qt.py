"""Device code never imports Qt (DESIGN section 2)."""
import subprocess
import sys

MODULES = ["width", "escpos", "decode", "status", "settings", "backends", "send", "simulator", "errors"]


def test_printer_modules_do_not_import_qt():
    code = ("import sys\n"
            + "".join(f"import app.devices.printers.{m}\n" for m in MODULES)
            + "from app.devices.printers.escpos import Receipt\n"
            + "r = Receipt(32, qr_mode='image'); r.qr('x'); r.text('中')\n"
            + "qt = [m for m in sys.modules if m.startswith(('PySide', 'PyQt', 'shiboken'))]\n"
            + "assert not qt, qt\n"
            + "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
