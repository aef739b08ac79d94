"""`user add NAME --role ROLE` (password prompted twice, or one line on stdin)."""
import getpass
import sys

from app.auth import service as auth
from app.commands import cli_actor
from app.db.database import Database
from app.errors import ValidationError


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise ValidationError("password: nothing on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError("password: no terminal to ask on; use --password-stdin")
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Repeat password: ")
    if first != second:
        raise ValidationError("password: the two entries differ")
    return first


def user_add(db: Database, name: str, role: str, display_name: str | None, password_stdin: bool) -> int:
    password = read_password(password_stdin)
    info = auth.create_user(db, cli_actor(), name, display_name or name, password, role)
    print(f"user '{info.username}' created with role {info.role}")
    return 0
