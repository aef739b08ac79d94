"""The command-line contract (DESIGN.md section 7) for the foundation commands."""
import os
import subprocess
import sys

import pytest

from app import ROOT_DIR, __version__
from app.auth import service as auth
from app.cli import main
from app.db.database import Database
from app.demo import DEMO_USERS


def run_cli(*args, stdin=""):
    """The real console entry point in a child process (no traceback may leak)."""
    return subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), *args], input=stdin, text=True,
                          capture_output=True, timeout=120, env=os.environ.copy())


def test_version():
    out = run_cli("--version")
    assert out.returncode == 0 and __version__ in out.stdout


def test_db_upgrade_then_check(empty_db_url, capsys):
    assert main(["--db", empty_db_url, "db", "check"]) == 1
    assert main(["--db", empty_db_url, "db", "upgrade"]) == 0
    assert "upgraded from empty" in capsys.readouterr().out
    assert main(["--db", empty_db_url, "db", "check"]) == 0
    assert '"up_to_date": true' in capsys.readouterr().out


def test_user_add_with_password_on_stdin(db_url):
    out = run_cli("--db", db_url, "user", "add", "Wang", "--role", "cashier", "--password-stdin",
                  stdin="wang-pass\n")
    assert out.returncode == 0, out.stderr
    db = Database(db_url)
    assert auth.login(db, "wang", "wang-pass").role == "cashier"
    db.dispose()


@pytest.mark.parametrize("args, stdin, message", [
    (["user", "add", "li", "--role", "pope", "--password-stdin"], "li-pass-1\n", "role 'pope' does not exist"),
    (["user", "add", "li", "--role", "cashier", "--password-stdin"], "123\n", "password: at least 6"),
    (["user", "add", "li", "--role", "cashier", "--password-stdin"], "", "nothing on standard input"),
    (["user", "add", "li", "--role", "cashier"], "", "use --password-stdin"),
])
def test_user_add_bad_input_clear_message(db_url, args, stdin, message):
    out = run_cli("--db", db_url, *args, stdin=stdin)
    assert out.returncode == 1
    assert message in out.stderr and "Traceback" not in out.stderr


def test_unreachable_database_message_without_traceback():
    out = run_cli("--db", "postgresql://nobody@127.0.0.1:1/none", "audit", "verify")
    assert out.returncode == 1
    assert "Cannot reach the database server" in out.stderr and "Traceback" not in out.stderr


def test_demo_seed_creates_a_user_per_role_once(db_url, capsys):
    assert main(["--db", db_url, "demo", "seed"]) == 0
    assert main(["--db", db_url, "demo", "seed"]) == 0
    out = capsys.readouterr().out
    assert out.count("created") == len(DEMO_USERS) and out.count("exists") == len(DEMO_USERS)
    assert out.count("simulated truck scale") == 1  # switched on once, left alone the second time
    db = Database(db_url)
    for role, (username, _) in DEMO_USERS.items():
        assert auth.login(db, username, "demo1234").role == role
    db.dispose()


def test_cli_upgrades_a_new_sqlite_file_by_itself(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert main(["--db", url, "demo", "seed"]) == 0
    assert "upgraded to schema" in capsys.readouterr().err
