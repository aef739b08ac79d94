"""Command-line sub-commands (DESIGN.md section 7). Each goes through services."""
import getpass

from app.auth.actor import Actor
from app.auth.permissions import PERMISSIONS


def cli_actor() -> Actor:
    """Whoever runs the command line holds the database credentials (or the SQLite file),
    so they can do anything; the audit trail records them as cli:<os user>."""
    try:
        os_user = getpass.getuser()
    except Exception:  # no login name (containers)
        os_user = "unknown"
    return Actor(user_id=None, username=f"cli:{os_user}"[:32], display_name="command line",
                 role="operator", permissions=frozenset(PERMISSIONS))
