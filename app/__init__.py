"""MarketDesk: cashier desktop application for wholesale markets."""
from importlib import metadata as _metadata
from pathlib import Path as _Path

try:
    __version__ = _metadata.version("marketdesk")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.2.0"  # keep equal to pyproject.toml (a test checks)

APP_NAME = "MarketDesk"
# Repository root (or bundle root): resources/ and migrations/ live here.
ROOT_DIR = _Path(__file__).resolve().parent.parent
RESOURCES_DIR = ROOT_DIR / "resources"
MIGRATIONS_DIR = ROOT_DIR / "migrations"
