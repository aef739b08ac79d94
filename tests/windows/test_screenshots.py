"""`marketdesk screenshots DIR` renders every window without touching the user's data."""
import os

from PySide6.QtGui import QImage

from app.cli import main
from app.windows.application import current_language

EXPECTED = {"login", "first_admin", "main_window", "admin_users", "admin_settings",
            "change_password", "db_problem", "admin_printers", "print_queue", "weigh_desk", "recharge_desk",
            "prices", "merchants", "vehicles"}


def test_screenshots_command_writes_every_window(tmp_path, capsys):
    home_before = os.environ["MARKETDESK_HOME"]
    assert main(["screenshots", str(tmp_path / "shots")]) == 0
    printed = capsys.readouterr().out.split()
    names = {p.rsplit("/", 1)[-1].removesuffix(".png") for p in printed}
    assert EXPECTED <= names
    for path in printed:
        image = QImage(path)
        assert not image.isNull() and image.width() > 200 and image.height() > 100
    assert os.environ["MARKETDESK_HOME"] == home_before
    assert not any(os.scandir(home_before))  # nothing written to the real home
    assert current_language() == "en"  # the caller's language is back
